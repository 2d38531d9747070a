using HubSpotTeamsBot.Forms;

namespace HubSpotTeamsBot.Features.Deals;

public static class DealProblems
{
    /// <summary>HubSpot names the property it refused; the form shows the error under the input that wrote it.</summary>
    public static FormProblems ForInputs(FormProblems problems)
    {
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, error) in problems.FieldErrors)
        {
            var field = DealFormState.InputIds.Contains(key) ? key : DealFields.ForProperty(key);
            mapped[field] = mapped.TryGetValue(field, out var earlier) ? $"{earlier} {error}" : error;
        }
        return problems with { FieldErrors = mapped };
    }
}
