using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Forms;

/// <summary>Builds the form (or an answer) when a dialog is opened for the form's verb.</summary>
public delegate Task<FormOutcome> FormOpener(FormContext form);

/// <summary>Handles a submission of the form, from either host.</summary>
public delegate Task<FormOutcome> FormSubmitHandler(FormContext form);

/// <summary>
/// One form: a verb, the dialog title, how to open it in a dialog and how to handle its submissions. Registered
/// with <see cref="FormRoutes.OnForm"/>, it answers task/fetch, task/submit, adaptiveCard/action and Action.Submit
/// fallback messages for that verb.
/// </summary>
/// <param name="Role">The least role that may open or submit the form; the router refuses anyone below it before the
/// form's own code (or any HubSpot call) runs. Every write form is the Editor's unless it says otherwise.</param>
public sealed record FormDefinition(string Verb, string DialogTitle, FormOpener Open, FormSubmitHandler Submit, AppRole Role = AppRole.Editor)
{
    /// <summary>What every route of the form declares; refusals are audited under the form's verb.</summary>
    public RouteAccess Access => new(Role, Verb);
}
