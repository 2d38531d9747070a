using System.Globalization;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>The configured key-encryption keys, parsed once: the newest (highest id) encrypts, any of them decrypts.</summary>
public sealed class KeyEncryptionKeys
{
    public const int KeySizeBytes = 32;

    private readonly SortedDictionary<int, byte[]> _keys;

    private KeyEncryptionKeys(SortedDictionary<int, byte[]> keys) => _keys = keys;

    /// <summary>True when at least one key is configured; without one the key ring is stored unencrypted.</summary>
    public bool Any => _keys.Count > 0;

    public int NewestId => _keys.Keys.Max();

    public byte[] Newest => _keys[NewestId];

    public bool TryGet(int id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>Parses the settings; problems come back as messages naming the setting, nothing throws.</summary>
    public static KeyEncryptionKeys Parse(KeyRingOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var keys = new SortedDictionary<int, byte[]>();
        foreach (var (name, value) in options.KeyEncryptionKeys)
        {
            var setting = $"{KeyRingOptions.KeysSetting}:{name}";
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                problems.Add($"{setting}: the key id must be a positive whole number (1, 2, …); the highest id encrypts.");
                continue;
            }
            var bytes = new byte[KeySizeBytes + 1];
            if (string.IsNullOrWhiteSpace(value) || !Convert.TryFromBase64String(value.Trim(), bytes, out var written) || written != KeySizeBytes)
            {
                problems.Add($"{setting} must be {KeySizeBytes} random bytes in base64 (a 256-bit key), e.g. from `openssl rand -base64 32`.");
                continue;
            }
            keys[id] = bytes[..KeySizeBytes];
        }
        return new KeyEncryptionKeys(keys);
    }
}
