using System.Text;
using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Webhooks;

/// <summary>The v3 verifier on its own: a value computed outside .NET, the timestamp window and the URL decoding HubSpot applies.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000);
    private const string Uri = "https://bot.example.com/api/hubspot/webhooks";
    private const string Body = "[{\"eventId\":1,\"portalId\":62515}]";

    [Fact]
    public void Matches_a_signature_computed_with_python_hmac()
    {
        // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'secret',b'POSThttps://bot.example.com/api/hubspot/webhooks[{\"eventId\":1,\"portalId\":62515}]1765000000000',hashlib.sha256).digest()).decode())"
        const string python = "CPFCha036FVjKX3cjELQDevTjXfwdB15MHooOx5kooo=";
        Assert.Equal(python, WebhookSignature.Sign("secret", "POST", Uri, Encoding.UTF8.GetBytes(Body), "1765000000000"));
        Assert.Equal(SignatureVerdict.Valid, WebhookSignature.Verify("secret", "POST", Uri, Encoding.UTF8.GetBytes(Body), "1765000000000", python, Now));
    }

    [Theory]
    [InlineData(-299_000, SignatureVerdict.Valid)]
    [InlineData(-301_000, SignatureVerdict.StaleTimestamp)]
    [InlineData(299_000, SignatureVerdict.Valid)]
    [InlineData(301_000, SignatureVerdict.StaleTimestamp)]
    public void Refuses_timestamps_more_than_five_minutes_off(long offsetMs, SignatureVerdict expected)
    {
        var timestamp = (Now.ToUnixTimeMilliseconds() + offsetMs).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SignedWebhooks.Sign("secret", "POST", Uri, Body, timestamp);
        Assert.Equal(expected, WebhookSignature.Verify("secret", "POST", Uri, Encoding.UTF8.GetBytes(Body), timestamp, signature, Now));
    }

    [Theory]
    [InlineData(null, "x", SignatureVerdict.MissingHeaders)]
    [InlineData("1765000000000", null, SignatureVerdict.MissingHeaders)]
    [InlineData("soon", "x", SignatureVerdict.BadTimestamp)]
    [InlineData("-5", "x", SignatureVerdict.BadTimestamp)]
    [InlineData("99999999999999999999", "x", SignatureVerdict.BadTimestamp)]
    [InlineData("1765000000000", "not base64!", SignatureVerdict.Mismatch)]
    [InlineData("1765000000000", "c2hvcnQ=", SignatureVerdict.Mismatch)]
    public void Refuses_missing_or_unreadable_headers(string? timestamp, string? signature, SignatureVerdict expected) =>
        Assert.Equal(expected, WebhookSignature.Verify("secret", "POST", Uri, Encoding.UTF8.GetBytes(Body), timestamp, signature, Now));

    [Fact]
    public void Without_a_secret_nothing_verifies() =>
        Assert.Equal(SignatureVerdict.NoSecret, WebhookSignature.Verify("", "POST", Uri, Encoding.UTF8.GetBytes(Body), "1765000000000", "x", Now));

    [Fact]
    public void Decodes_the_escapes_HubSpot_decodes_and_no_others()
    {
        Assert.Equal("https://h/api/hubspot/webhooks?a=b:c/d@e!f,g;h", WebhookSignature.CanonicalUri("https://h/api/hubspot/webhooks?a=b%3Ac%2fd%40e%21f%2Cg%3bh"));
        // '+', '&', '=' and '%' stay escaped: decoding them would let two different queries sign alike.
        Assert.Equal("https://h/x?q=a%2Bb%26c%3Dd%25", WebhookSignature.CanonicalUri("https://h/x?q=a%2Bb%26c%3Dd%25"));
    }
}
