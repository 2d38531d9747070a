using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Storage.KeyRing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, M1: the Data Protection key ring next to the token ciphertext. With key-encryption keys configured, what
/// the storage account holds is useless without them: no key material in the table, a wrong or missing KEK cannot read
/// a token (and says which setting), an entry relabelled to another KEK fails, and a rotation keeps old tokens readable.
/// Each case is a real host with the bot's storage registrations against Azurite.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SecurityKeyRingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Token = "pat-na1-refresh-token-0123456789";

    [Fact]
    public async Task Whoever_reads_the_storage_account_cannot_recover_the_key_ring_or_the_tokens()
    {
        var prefix = NewPrefix();
        var tenant = Guid.NewGuid().ToString();
        var kek = RandomNumberGenerator.GetBytes(32);
        string ciphertext;
        using (var owner = await StartAsync(Environments.Production, prefix, [(1, kek)]))
        {
            ciphertext = owner.Services.GetRequiredService<PortalTokenProtector>().Protect(tenant, Token);
        }
        var tally = new SecurityTally("security: M1 key ring at rest", output);

        // The attacker's copy of the table: every row must be wrapped, with no key element in the clear.
        var rows = await RowsAsync(prefix);
        Assert.NotEmpty(rows);
        var material = new List<string>();
        foreach (var xml in rows)
        {
            if (xml.Contains("masterKey", StringComparison.Ordinal) || !xml.Contains("<encryptedKey", StringComparison.Ordinal))
                material.Add($"a stored row holds the key in the clear: {xml[..Math.Min(120, xml.Length)]}");
            var secret = MasterKeyOf(xml, kek);
            if (xml.Contains(secret, StringComparison.Ordinal)) material.Add("the master key's bytes appear in the stored row");
        }
        tally.Add("read the key ring from the table", material);

        // A host without the right KEK: a different key, another id, or none at all.
        tally.Add("decrypt with a wrong KEK under the same id", await UnreadableAsync(prefix, tenant, ciphertext, [(1, RandomNumberGenerator.GetBytes(32))],
            "could not be decrypted with key-encryption key 1 (DataProtection:KeyEncryptionKeys:1)"));
        tally.Add("decrypt with only another KEK id", await UnreadableAsync(prefix, tenant, ciphertext, [(2, kek.Reverse().ToArray())],
            "key-encryption key 1, which is not configured: set DataProtection:KeyEncryptionKeys:1"));
        tally.Add("decrypt with no KEK (Development)", await UnreadableAsync(prefix, tenant, ciphertext, [],
            "key-encryption key 1, which is not configured", Environments.Development));

        // Relabel a stored entry to KEK 2, with KEK 2 configured as the very same bytes: the id is bound into the seal.
        tally.Add("relabel an entry to another KEK id", RelabelProblems(rows[0], kek));

        // Control: the right KEK, in a fresh host, reads the token back.
        using (var rightful = await StartAsync(Environments.Production, prefix, [(1, kek)]))
        {
            Assert.Equal(Token, rightful.Services.GetRequiredService<PortalTokenProtector>().TryUnprotect(tenant, ciphertext));
        }
        tally.Verdict();
    }

    [Fact]
    public async Task A_token_written_before_a_KEK_rotation_still_reads_after_it_and_new_keys_use_the_newest_KEK()
    {
        var prefix = NewPrefix();
        var tenant = Guid.NewGuid().ToString();
        var kek1 = RandomNumberGenerator.GetBytes(32);
        var kek2 = RandomNumberGenerator.GetBytes(32);
        string before;
        using (var old = await StartAsync(Environments.Production, prefix, [(1, kek1)]))
        {
            before = old.Services.GetRequiredService<PortalTokenProtector>().Protect(tenant, Token);
        }

        using var rotated = await StartAsync(Environments.Production, prefix, [(1, kek1), (2, kek2)]);
        Assert.Equal(Token, rotated.Services.GetRequiredService<PortalTokenProtector>().TryUnprotect(tenant, before));
        var now = DateTimeOffset.UtcNow;
        rotated.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));

        var ids = (await RowsAsync(prefix)).Select(xml => (string?)XElement.Parse(xml).Descendants("encryptedKey").Single().Attribute("kekId")).ToList();
        Assert.Equal(["1", "2"], ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_KEK_and_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Environments.Production, NewPrefix(), []));
        Assert.Contains(error.Failures, f => f.StartsWith("DataProtection:KeyEncryptionKeys is required in Production", StringComparison.Ordinal));

        var bad = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Environments.Production, NewPrefix(), [],
            new() { ["DataProtection:KeyEncryptionKeys:1"] = Convert.ToBase64String(new byte[16]), ["DataProtection:KeyEncryptionKeys:new"] = Convert.ToBase64String(new byte[32]) }));
        Assert.Contains(bad.Failures, f => f.StartsWith("DataProtection:KeyEncryptionKeys:1 must be 32 random bytes in base64", StringComparison.Ordinal));
        Assert.Contains(bad.Failures, f => f.StartsWith("DataProtection:KeyEncryptionKeys:new: the key id must be a positive whole number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Development_runs_unencrypted_and_says_so_once_at_start()
    {
        var logs = new CapturedLogs();
        using (var host = await StartAsync(Environments.Development, NewPrefix(), [], logs: logs))
        {
            host.Services.GetRequiredService<PortalTokenProtector>().Protect(Guid.NewGuid().ToString(), Token);
            host.Services.GetRequiredService<PortalTokenProtector>().Protect(Guid.NewGuid().ToString(), Token);
        }
        Assert.Single(logs.Lines, l => l.Contains("key ring is stored UNENCRYPTED", StringComparison.Ordinal));
    }

    /// <summary>Problems if a host with <paramref name="keys"/> can read the token or fails without naming the setting.</summary>
    private async Task<List<string>> UnreadableAsync(string prefix, string tenant, string ciphertext, (int Id, byte[] Key)[] keys, string expectedMessage,
        string environment = "Production")
    {
        var logs = new CapturedLogs();
        using var host = await StartAsync(environment, prefix, keys, logs: logs);
        var problems = new List<string>();
        if (host.Services.GetRequiredService<PortalTokenProtector>().TryUnprotect(tenant, ciphertext) is not null) problems.Add("the token was read");
        if (!logs.Lines.Any(l => l.Contains(expectedMessage, StringComparison.Ordinal)))
            problems.Add($"no log line says “{expectedMessage}”");
        return problems;
    }

    private static List<string> RelabelProblems(string xml, byte[] kek)
    {
        var element = XElement.Parse(xml).Descendants("encryptedKey").Single();
        element.SetAttributeValue("kekId", "2");
        var keys = Keys([(1, kek), (2, kek)]);
        try
        {
            new KeyRingXmlDecryptor(keys).Decrypt(element);
            return ["an entry relabelled to KEK 2 decrypted"];
        }
        catch (CryptographicException e) when (e.Message.Contains("DataProtection:KeyEncryptionKeys:2", StringComparison.Ordinal))
        {
            return [];
        }
    }

    /// <summary>The base64 master key inside a stored entry, decrypted with the KEK (what the attacker must not see).</summary>
    private static string MasterKeyOf(string xml, byte[] kek)
    {
        var element = XElement.Parse(xml).Descendants("encryptedKey").Single();
        var plain = new KeyRingXmlDecryptor(Keys([(1, kek)])).Decrypt(element);
        return plain.Descendants().First(e => e.Name.LocalName == "value").Value;
    }

    private static KeyEncryptionKeys Keys((int Id, byte[] Key)[] keys) =>
        KeyEncryptionKeys.Parse(new KeyRingOptions { KeyEncryptionKeys = keys.ToDictionary(k => k.Id.ToString(CultureInfo.InvariantCulture), k => Convert.ToBase64String(k.Key)) }, []);

    private async Task<List<string>> RowsAsync(string prefix)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(prefix + "DataProtectionKeys");
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row.GetString("Xml")!);
        return rows;
    }

    private async Task<IHost> StartAsync(string environment, string prefix, (int Id, byte[] Key)[] keys, Dictionary<string, string?>? extra = null,
        CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
        });
        builder.Configuration.AddInMemoryCollection(keys.ToDictionary(
            k => $"DataProtection:KeyEncryptionKeys:{k.Id.ToString(CultureInfo.InvariantCulture)}", k => (string?)Convert.ToBase64String(k.Key)));
        if (extra is not null) builder.Configuration.AddInMemoryCollection(extra);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.Services.AddBotStorage(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private static string NewPrefix() => "k" + Guid.NewGuid().ToString("N")[..12];
}
