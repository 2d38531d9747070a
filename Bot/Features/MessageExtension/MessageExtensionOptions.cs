using System.ComponentModel.DataAnnotations;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>Settings of the <c>MessageExtension</c> section (compose-box search, link unfurling, Log to HubSpot).</summary>
public sealed class MessageExtensionOptions
{
    public const string SectionName = "MessageExtension";

    /// <summary>
    /// How long a search answer is reused per portal. Short, because people expect a record they just edited to show;
    /// long enough that a prefix typed again (backspace, a colleague's identical query) costs no HubSpot search.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "MessageExtension:SearchCacheDuration must be between 0 and 10 minutes.")]
    public TimeSpan SearchCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a typed search waits for HubSpot before showing the matches the bot already knows (a shorter text's
    /// results, narrowed), when it knows some. Short: people type on, and the next keystroke gets the full answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:14", ErrorMessage = "MessageExtension:SearchQuickWait must be between 0 and 14 seconds.")]
    public TimeSpan SearchQuickWait { get; set; } = TimeSpan.FromSeconds(0.3);

    /// <summary>
    /// How long a compose query waits for HubSpot before answering "still searching"; below Bot:InvokeBudget (4 s) so
    /// our own answer, not the router's fallback, reaches Teams. The search keeps running and fills the cache.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:14", ErrorMessage = "MessageExtension:SearchWait must be between 0.1 and 14 seconds.")]
    public TimeSpan SearchWait { get; set; } = TimeSpan.FromSeconds(3.2);

    /// <summary>Most results one compose query shows (Teams asks for 25).</summary>
    [Range(1, 100, ErrorMessage = "MessageExtension:MaxResults must be between 1 and 100.")]
    public int MaxResults { get; set; } = 25;

    /// <summary>How many audit entries are read to find the user's recently touched records for the initial run.</summary>
    [Range(1, 1000, ErrorMessage = "MessageExtension:RecentAuditEntries must be between 1 and 1000.")]
    public int RecentAuditEntries { get; set; } = 200;
}
