using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Options;

/// <summary>Validates the options and their nested sections (data annotations do not recurse on their own).</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options, SandboxOptions.Section, failures);
        Check(options.Seed, $"{SandboxOptions.Section}:Seed", failures);
        Check(options.Behaviour, $"{SandboxOptions.Section}:Behaviour", failures);
        Check(options.RateLimits, $"{SandboxOptions.Section}:RateLimits", failures);
        if (options.Webhooks.Problem() is { } webhooks)
        {
            failures.Add($"{SandboxOptions.Section}:Webhooks: {webhooks}");
        }

        foreach (var uri in options.RedirectUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                failures.Add($"{SandboxOptions.Section}:RedirectUris contains '{uri}', which is not an absolute URI.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object instance, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
