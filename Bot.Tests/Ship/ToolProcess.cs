using System.Diagnostics;
using System.Text;

namespace Bot.Tests.Ship;

/// <summary>Outcome of one external tool run: exit code and everything it printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string AllOutput => StandardOutput + StandardError;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs the command-line tools the shipping checks rely on (node, atk, bicep, pwsh).</summary>
public static class ToolProcess
{
    // A guard against a hung tool, not a performance expectation.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain text output: no colours, banners or update checks in what the tests read.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {HangGuard}.");
        }

        // The parameterless wait flushes the asynchronous output readers.
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
