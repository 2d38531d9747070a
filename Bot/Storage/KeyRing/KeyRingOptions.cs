namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>
/// Settings under "DataProtection": the key-encryption keys (KEKs) that wrap the Data Protection key ring before it is
/// written to the storage account, so whoever can read the storage account still cannot decrypt the portal's tokens.
/// Each KEK is 32 random bytes in base64 under a numeric id (in Azure: a Key Vault reference to the secret
/// <c>dataprotection-kek-{id}</c>). The highest id encrypts new keys; every configured id decrypts, so a rotation is
/// "add id n+1, keep n until every key written under n has expired".
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>Setting name used in messages.</summary>
    public const string KeysSetting = "DataProtection:KeyEncryptionKeys";

    /// <summary>Id (a positive whole number) → 256-bit key, base64.</summary>
    public Dictionary<string, string> KeyEncryptionKeys { get; set; } = new(StringComparer.Ordinal);
}
