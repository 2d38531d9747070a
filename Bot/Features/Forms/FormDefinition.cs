namespace HubSpotTeamsBot.Features.Forms;

/// <summary>Builds the form (or an answer) when a dialog is opened for the form's verb.</summary>
public delegate Task<FormOutcome> FormOpener(FormContext form);

/// <summary>Handles a submission of the form, from either host.</summary>
public delegate Task<FormOutcome> FormSubmitHandler(FormContext form);

/// <summary>
/// One form: a verb, the dialog title, how to open it in a dialog and how to handle its submissions. Registered
/// with <see cref="FormRoutes.OnForm"/>, it answers task/fetch, task/submit, adaptiveCard/action and Action.Submit
/// fallback messages for that verb.
/// </summary>
public sealed record FormDefinition(string Verb, string DialogTitle, FormOpener Open, FormSubmitHandler Submit);
