using System.Text.RegularExpressions;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>Server-side checks of a submitted contact form; the card's own checks are only a convenience.</summary>
public static partial class ContactValidation
{
    public static Dictionary<string, string> Check(IReadOnlyDictionary<string, string?> values, ContactFormOptions options)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = values.GetValueOrDefault(ContactFields.Email);
        if (string.IsNullOrWhiteSpace(email)) errors[ContactFields.Email] = "Email is required.";
        else if (!EmailPattern().IsMatch(email)) errors[ContactFields.Email] = "Enter an email address like name@example.com.";

        // HubSpot refuses a longer string rather than cut it; so does the form, keeping what was typed.
        foreach (var field in new[] { ContactFields.FirstName, ContactFields.LastName, ContactFields.Phone, ContactFields.Company, ContactFields.JobTitle })
        {
            if (values.GetValueOrDefault(field) is { Length: > HubSpot.HubSpotLimits.MaxStringLength } tooLong)
                errors[field] = HubSpot.HubSpotLimits.TooLong(ContactFields.Label(field).ToLowerInvariant(), tooLong.Length);
        }

        CheckOption(ContactFields.LifecycleStage, options.LifecycleStages);
        CheckOption(ContactFields.LeadStatus, options.LeadStatuses);
        CheckOption(ContactFields.Owner, options.Owners);
        return errors;

        void CheckOption(string field, IReadOnlyList<(string Title, string Value)> choices)
        {
            var value = values.GetValueOrDefault(field);
            if (!string.IsNullOrEmpty(value) && choices.All(c => c.Value != value))
                errors[field] = $"Choose a {ContactFields.Label(field).ToLowerInvariant()} from the list.";
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex EmailPattern();
}
