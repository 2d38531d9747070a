namespace Bot.Tests.Ship;

/// <summary>
/// A folder of stand-ins for az, dotnet and node that deploy.ps1 finds on PATH. The fake az keeps a small
/// state (app registration, service principal, Key Vault secrets) so a second run sees what the first made.
/// Every call is appended to calls.log as one JSON array of arguments.
/// </summary>
public sealed class FakeTools : IDisposable
{
    public const string TenantId = "72f988bf-0000-4000-8000-00000000cafe";
    public const string AppId = "5d1b7a3e-6c2f-4e8a-9b0d-1f2e3d4c5b6a";
    public const string HostName = "contoso-hsbot-bot.azurewebsites.net";
    public const string SignedInUserId = "0c0ffee0-0000-4000-8000-000000000001";
    public const string AliceObjectId = "a11ce000-0000-4000-8000-000000000002";

    private const string AzScript = """
        const fs = require('fs');
        const args = process.argv.slice(2).filter((a) => a !== '--only-show-errors');
        const log = (entry) => fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify(entry) + '\n');
        log(['az', ...args]);
        const stateFile = process.env.FAKE_AZ_STATE;
        const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : { app: null, sp: false, vault: false, secrets: [] };
        const opt = (name) => args[args.indexOf(name) + 1];
        const command = args.slice(0, 3).join(' ');
        let out = '';
        let code = 0;
        if (args[0] === 'account' && args[1] === 'show') out = args.includes('--query') ? '__TENANT__' : '{}';
        else if (args[0] === 'account' && args[1] === 'set') out = '';
        else if (args[0] === 'group' && args[1] === 'create') out = '/subscriptions/s/resourceGroups/' + opt('--name');
        else if (command === 'ad app list') out = JSON.stringify(state.app ? [state.app] : []);
        else if (command === 'ad app create') { state.app = '__APPID__'; out = state.app; }
        else if (command === 'ad sp show') code = state.sp ? 0 : 3;
        else if (command === 'ad sp create') { state.sp = true; out = 'sp-object-id'; }
        else if (command === 'ad app permission') out = '';
        else if (command === 'ad signed-in-user show') out = '__SIGNEDIN__';
        else if (command === 'ad user show') { if (opt('--id') === 'alice@contoso.com') out = '__ALICE__'; else code = 3; }
        else if (command === 'ad app credential') out = 'generated-bot-secret';
        else if (args[0] === 'keyvault' && args[1] === 'list') out = state.vault ? '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvabc' : '';
        else if (args[0] === 'resource' && args[1] === 'show') code = state.secrets.includes(opt('--ids').split('/').pop()) ? 0 : 3;
        else if (command === 'deployment group create') {
          const file = opt('--parameters').slice(1);
          const parameters = JSON.parse(fs.readFileSync(file, 'utf8')).parameters;
          log({ parametersFile: file, parameters });
          state.vault = true;
          if (parameters.botAppPassword.value) state.secrets.push('bot-app-password');
          if (parameters.hubSpotClientSecret.value) state.secrets.push('hubspot-client-secret');
          if (parameters.dataProtectionKek?.value) state.secrets.push('dataprotection-kek-1');
          out = JSON.stringify({ hostName: { type: 'String', value: '__HOST__' } });
        }
        else if (args[0] === 'webapp' && args[1] === 'deploy') code = fs.existsSync(opt('--src-path')) ? 0 : 4;
        else { console.error('fake az: unexpected call ' + args.join(' ')); code = 2; }
        fs.writeFileSync(stateFile, JSON.stringify(state));
        if (out) console.log(out);
        process.exit(code);
        """;

    // dotnet publish leaves a file in --output so the zip step has something to pack.
    private const string DotnetScript = """
        const fs = require('fs');
        const args = process.argv.slice(2);
        fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify(['dotnet', ...args]) + '\n');
        if (args[0] === 'publish') {
          const output = args[args.indexOf('--output') + 1];
          fs.mkdirSync(output, { recursive: true });
          fs.writeFileSync(output + '/HubSpotTeamsBot.dll', 'fake');
        }
        """;

    private const string NodeScript = """
        require('fs').appendFileSync(process.env.FAKE_LOG, JSON.stringify(['node', ...process.argv.slice(2)]) + '\n');
        """;

    private readonly TempFolder _folder = new();

    public FakeTools(string realNode)
    {
        Directory.CreateDirectory(BinPath);
        Write("az", realNode, AzScript.Replace("__TENANT__", TenantId, StringComparison.Ordinal)
            .Replace("__APPID__", AppId, StringComparison.Ordinal).Replace("__HOST__", HostName, StringComparison.Ordinal)
            .Replace("__SIGNEDIN__", SignedInUserId, StringComparison.Ordinal).Replace("__ALICE__", AliceObjectId, StringComparison.Ordinal));
        Write("dotnet", realNode, DotnetScript);
        Write("node", realNode, NodeScript);
    }

    public string BinPath => _folder.File("bin");

    public string LogPath => _folder.File("calls.log");

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PATH"] = BinPath,
        ["FAKE_LOG"] = LogPath,
        ["FAKE_AZ_STATE"] = _folder.File("az-state.json"),
    };

    public string[] TakeLog()
    {
        var lines = File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
        File.Delete(LogPath);
        return lines;
    }

    public void Dispose() => _folder.Dispose();

    private void Write(string name, string realNode, string script)
    {
        var path = Path.Combine(BinPath, name);
        File.WriteAllText(path, $"#!{realNode}\n{script}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
