using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>
/// Wraps each Data Protection key element with the newest key-encryption key before the repository stores it. What
/// lands in the table is <c>&lt;encryptedKey kekId="n"&gt;</c> with the sealed bytes: no key material in the clear.
/// </summary>
internal sealed class KeyRingXmlEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    public const string ElementName = "encryptedKey";
    public const string KekIdAttribute = "kekId";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var id = keys.NewestId;
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var element = new XElement(ElementName,
                new XAttribute(KekIdAttribute, id.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("algorithm", "AES-256-GCM"),
                new XComment($" Encrypted with key-encryption key {id} ({KeyRingOptions.KeysSetting}:{id}), which is not kept in storage. "),
                new XElement("value", Convert.ToBase64String(KeyWrap.Seal(keys.Newest, id, plaintext))));
            return new EncryptedXmlInfo(element, typeof(KeyRingXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
