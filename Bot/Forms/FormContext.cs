using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Forms;

/// <summary>The turn and the submission a form handler works on.</summary>
public sealed record FormContext(TurnContext Turn, FormSubmission Submission)
{
    public FormHost Host => Submission.Host;

    public string TenantId => Turn.TenantId ?? string.Empty;

    public CancellationToken CancellationToken => Turn.CancellationToken;
}
