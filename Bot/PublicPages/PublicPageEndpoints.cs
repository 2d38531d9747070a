using System.Net;
using Markdig;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.PublicPages;

/// <summary>
/// The pages the Teams app manifest links to (websiteUrl, privacyUrl, termsOfUseUrl): markdown files rendered into a
/// plain HTML page. Raw HTML in the markdown is not passed through, so a page cannot carry script.
/// </summary>
public static class PublicPageEndpoints
{
    /// <summary>Path → file and title; the manifest template uses the same paths.</summary>
    public static readonly IReadOnlyList<(string Path, string File, string Title)> Pages =
    [
        ("/", "website.md", "HubSpot for Teams"),
        ("/privacy", "privacy.md", "Privacy statement"),
        ("/terms", "terms.md", "Terms of use"),
    ];

    /// <summary>Built at the first page request, not when the routes are mapped at start: most instances never serve
    /// one, and building it loaded Markdig at start.</summary>
    private static class Renderer
    {
        public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    }

    public static IServiceCollection AddPublicPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicPagesOptions>().Bind(configuration.GetSection(PublicPagesOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Folder), "PublicPages:Folder must name the folder holding website.md, privacy.md and terms.md.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapPublicPages(this IEndpointRouteBuilder app)
    {
        foreach (var (path, file, title) in Pages)
        {
            app.MapGet(path, async (IOptions<PublicPagesOptions> options, IHostEnvironment environment, ILoggerFactory logs, CancellationToken ct) =>
            {
                var folder = Path.Combine(environment.ContentRootPath, options.Value.Folder);
                var source = Path.Combine(folder, file);
                if (!File.Exists(source))
                {
                    logs.CreateLogger(typeof(PublicPageEndpoints)).LogError("Public page {Page} is missing: put {File} in {Folder} (setting PublicPages:Folder).", path, file, folder);
                    return Results.NotFound();
                }

                var body = Markdown.ToHtml(await File.ReadAllTextAsync(source, ct), Renderer.Pipeline);
                return Results.Content(Html(title, body), "text/html; charset=utf-8");
            });
        }

        return app;
    }

    private static string Html(string title, string body) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{WebUtility.HtmlEncode(title)}}</title>
          <style>
            body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #242424; }
            h1 { color: #ff7a59; }
            a { color: #5b5fc7; }
            nav { margin-top: 3rem; font-size: .9rem; }
          </style>
        </head>
        <body>
        {{body}}
        <nav><a href="/">About</a> · <a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></nav>
        </body>
        </html>
        """;
}
