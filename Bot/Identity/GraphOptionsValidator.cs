using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>Checks the Graph endpoint and that exactly one credential source is usable; the anonymous test switch is
/// a development-only escape hatch and stops the app anywhere else.</summary>
public sealed class GraphOptionsValidator(IHostEnvironment environment) : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.BaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Graph:BaseUrl must be an absolute URL such as https://graph.microsoft.com/v1.0.");
        }
        else if (options.BaseUrl.Scheme != Uri.UriSchemeHttps && !options.UseAnonymousAuthForTesting)
        {
            failures.Add("Graph:BaseUrl must use https (plain http is only for a local stub with Graph:UseAnonymousAuthForTesting).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Graph:Timeout must be greater than zero.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Graph:MaxRetries must be between 0 and 10.");
        }

        if (options.UseAnonymousAuthForTesting)
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
            {
                failures.Add("Graph:UseAnonymousAuthForTesting is only allowed in the Development and Testing environments.");
            }
        }
        else if (!options.UseManagedIdentity)
        {
            if (string.IsNullOrWhiteSpace(options.TenantId))
            {
                failures.Add("Bot:TenantId is required to read the directory through Microsoft Graph.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add("Bot:AppId is required to read the directory through Microsoft Graph.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add("Bot:AppPassword is required (or set Graph:UseManagedIdentity=true).");
            }

            if (options.TokenAuthorityHost is not { IsAbsoluteUri: true } || options.TokenAuthorityHost.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add("Graph:TokenAuthorityHost must be an absolute https URL such as https://login.microsoftonline.com/.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
