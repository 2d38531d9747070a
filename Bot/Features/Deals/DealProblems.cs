using HubSpotTeamsBot.Forms;

namespace HubSpotTeamsBot.Features.Deals;

public static class DealProblems
{
    /// <summary>HubSpot names the property it refused; the form shows the error under the input that wrote it.</summary>
    /// <param name="custom">Properties the admin put on the form: their errors stay under their own inputs.</param>
    public static FormProblems ForInputs(FormProblems problems, IReadOnlyCollection<string>? custom = null)
    {
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, error) in problems.FieldErrors)
        {
            var field = DealFormState.InputIds.Contains(key) || custom?.Contains(key) == true ? key : DealFields.ForProperty(key);
            mapped[field] = mapped.TryGetValue(field, out var earlier) ? $"{earlier} {error}" : error;
        }
        return problems with { FieldErrors = mapped };
    }
}
