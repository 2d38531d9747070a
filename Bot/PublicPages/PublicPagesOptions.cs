namespace HubSpotTeamsBot.PublicPages;

/// <summary>Section "PublicPages": where the website, privacy statement and terms of use are read from.</summary>
public sealed class PublicPagesOptions
{
    public const string SectionName = "PublicPages";

    /// <summary>Folder of the markdown files (website.md, privacy.md, terms.md); relative paths are under the app's
    /// folder. An operator edits or replaces the files there; each request reads the current file, no rebuild or restart.</summary>
    public string Folder { get; set; } = "pages";
}
