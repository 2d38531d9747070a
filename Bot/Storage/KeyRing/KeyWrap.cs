using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>AES-256-GCM with a fresh 96-bit nonce per entry; the KEK id is bound in as associated data, so an entry
/// relabelled with another id fails to decrypt instead of being read under the wrong key. Layout: nonce | tag | ciphertext.</summary>
internal static class KeyWrap
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(byte[] kek, int kekId, byte[] plaintext)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Associated(kekId));
        return sealedBytes;
    }

    /// <exception cref="AuthenticationTagMismatchException">Wrong key, or the entry was altered.</exception>
    /// <exception cref="CryptographicException">The entry is too short to be one of ours.</exception>
    public static byte[] Open(byte[] kek, int kekId, byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("The encrypted key ring entry is truncated.");
        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plaintext, Associated(kekId));
        return plaintext;
    }

    private static byte[] Associated(int kekId) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HubSpotTeamsBot.DataProtection.KeyRing.v1|kek:{kekId}"));
}
