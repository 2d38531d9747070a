using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>
/// Unwraps a key element written by <see cref="KeyRingXmlEncryptor"/> with the key-encryption key it names. Data
/// Protection creates it by type name from the stored XML, handing it the app's services (hence the public
/// <see cref="IServiceProvider"/> constructor). A missing or wrong KEK fails with a message naming the setting.
/// </summary>
public sealed class KeyRingXmlDecryptor : IXmlDecryptor
{
    private readonly KeyEncryptionKeys? _keys;

    public KeyRingXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _keys = services.GetService<KeyEncryptionKeys>();
    }

    internal KeyRingXmlDecryptor(KeyEncryptionKeys keys) => _keys = keys;

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        if (!int.TryParse((string?)encryptedElement.Attribute(KeyRingXmlEncryptor.KekIdAttribute), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || (string?)encryptedElement.Element("value") is not { } value)
        {
            throw new CryptographicException("A Data Protection key ring entry is not in the expected encrypted form (encryptedKey with kekId and value).");
        }
        var setting = $"{KeyRingOptions.KeysSetting}:{id}";
        if (_keys is null || !_keys.TryGet(id, out var kek))
        {
            throw new CryptographicException(
                $"A Data Protection key ring entry is encrypted with key-encryption key {id}, which is not configured: set {setting} again. " +
                "Keep every older key configured until the keys it wrapped have expired (90 days).");
        }
        byte[] plaintext;
        try
        {
            plaintext = KeyWrap.Open(kek, id, Convert.FromBase64String(value));
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or FormatException)
        {
            throw new CryptographicException(
                $"A Data Protection key ring entry could not be decrypted with key-encryption key {id} ({setting}): the configured key is not " +
                "the one it was encrypted with, or the stored entry was altered.", e);
        }
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
