using System.Net;
using Bot.Tests.Harness;
using Bot.Tests.Ship;

namespace Bot.Tests.Production;

/// <summary>
/// The website, privacy and terms URLs written into the built Teams app package answer 200 with content from a running
/// bot process (so the markdown files reach the build output), and an operator's replaced file shows without a restart.
/// </summary>
public sealed class PublicPagesTests(ManifestPackageFixture package) : IClassFixture<ManifestPackageFixture>
{
    private static readonly string[] PageKeys = ["websiteUrl", "privacyUrl", "termsOfUseUrl"];

    [Fact]
    public async Task Every_page_url_in_the_built_manifest_answers_200_with_content_and_replaced_files_show()
    {
        Assert.True(package.Build.ExitCode == 0, package.Build.ToString());
        var developer = package.ReadManifestFromZip()["developer"]!;
        var urls = PageKeys.Select(key => new Uri((string)developer[key]!)).ToList();
        Assert.All(urls, url => Assert.Equal(ManifestPackageFixture.BotHost, url.Host));

        var azurite = new AzuriteFixture();
        await azurite.StartAsync();
        await using var simulator = await ChannelSimulator.StartAsync();
        try
        {
            await using var bot = BotProcess.Start(new Dictionary<string, string>(BotProcess.TestingSettings(simulator)) { ["Storage__ConnectionString"] = azurite.ConnectionString }, trust: [simulator.Certificate]);
            await bot.WaitUntilHealthyAsync();
            using var http = new HttpClient { BaseAddress = bot.BaseAddress };

            // The deployed host is the bot's; only scheme, host and port change to reach this process.
            foreach (var url in urls)
            {
                using var response = await http.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative));
                var html = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("<h1", html, StringComparison.Ordinal);
                Assert.True(html.Length > 800, $"{url} has too little content");
            }

            Assert.Contains("Privacy statement", await http.GetStringAsync(new Uri("/privacy", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_operators_replacement_shows_at_once_and_raw_html_in_it_is_not_passed_through()
    {
        var folder = Directory.CreateTempSubdirectory("public-pages-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "Bot", "pages"), "*.md")) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        await using var simulator = await ChannelSimulator.StartAsync();
        await using var host = new BotHost(simulator, new Dictionary<string, string?> { ["PublicPages:Folder"] = folder });
        using var http = host.Start();
        try
        {
            Assert.Contains("Privacy statement", await http.GetStringAsync(new Uri("/privacy", UriKind.Relative)), StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(folder, "privacy.md"), "# Contoso privacy\n\nAsk privacy@contoso.example.\n\n<script>alert(1)</script>");
            var replaced = await http.GetStringAsync(new Uri("/privacy", UriKind.Relative));

            Assert.Contains("<h1 id=\"contoso-privacy\">Contoso privacy</h1>", replaced, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", replaced, StringComparison.Ordinal);

            File.Delete(Path.Combine(folder, "terms.md"));
            using var missing = await http.GetAsync(new Uri("/terms", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
