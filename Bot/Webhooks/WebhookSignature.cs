using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>What the signature check found; anything but <see cref="Valid"/> is a refusal.</summary>
public enum SignatureVerdict { Valid, MissingHeaders, BadTimestamp, StaleTimestamp, Mismatch, NoSecret }

/// <summary>
/// HubSpot's request signature v3: <c>X-HubSpot-Signature-v3</c> = Base64(HMAC-SHA256(app client secret,
/// UTF-8(method + uri + body + timestamp))), with <c>X-HubSpot-Request-Timestamp</c> in epoch milliseconds. The older
/// <c>X-HubSpot-Signature</c> (v1/v2, unkeyed SHA-256 without a timestamp, so replayable forever) is never accepted.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-HubSpot-Signature-v3";
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";

    /// <summary>
    /// HubSpot signs the URL with these escapes decoded (and every other character as sent), so the same is done
    /// here before hashing; decoding everything would let %2B and '+' or %26 and '&amp;' sign alike.
    /// </summary>
    private static readonly (string Escaped, string Plain)[] DecodedEscapes =
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
        ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ];

    public static SignatureVerdict Verify(string? secret, string method, string uri, ReadOnlySpan<byte> body,
        string? timestamp, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret)) return SignatureVerdict.NoSecret;
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp)) return SignatureVerdict.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms <= 0) return SignatureVerdict.BadTimestamp;
        DateTimeOffset signedAt;
        try
        {
            signedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        catch (ArgumentOutOfRangeException)
        {
            return SignatureVerdict.BadTimestamp;
        }
        if ((now - signedAt).Duration() > WebhookOptions.MaxTimestampSkew) return SignatureVerdict.StaleTimestamp;

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length) || length != 32) return SignatureVerdict.Mismatch;
        var expected = Compute(secret, method, uri, body, timestamp);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]) ? SignatureVerdict.Valid : SignatureVerdict.Mismatch;
    }

    /// <summary>The raw HMAC for a request; <see cref="Sign"/> gives the header value.</summary>
    public static byte[] Compute(string secret, string method, string uri, ReadOnlySpan<byte> body, string timestamp)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(method.ToUpperInvariant() + CanonicalUri(uri)));
        hmac.AppendData(body);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp));
        return hmac.GetHashAndReset();
    }

    public static string Sign(string secret, string method, string uri, ReadOnlySpan<byte> body, string timestamp) =>
        Convert.ToBase64String(Compute(secret, method, uri, body, timestamp));

    public static string CanonicalUri(string uri)
    {
        var builder = new StringBuilder(uri);
        foreach (var (escaped, plain) in DecodedEscapes)
        {
            builder.Replace(escaped, plain).Replace(escaped.ToLowerInvariant(), plain);
        }
        return builder.ToString();
    }
}
