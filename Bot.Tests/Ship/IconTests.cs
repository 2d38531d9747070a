namespace Bot.Tests.Ship;

public sealed class IconTests
{
    private static string ColorIcon => Path.Combine(RepoPaths.Manifest, "color.png");

    private static string OutlineIcon => Path.Combine(RepoPaths.Manifest, "outline.png");

    [Fact]
    public void Color_icon_is_192_pixels_square_and_fully_opaque()
    {
        var icon = PngImage.Read(ColorIcon);

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.All(Enumerable.Range(0, icon.Width * icon.Height), i => Assert.Equal(255, icon.Rgba[(i * 4) + 3]));
        // Some pixels are the glyph (white) and some the accent background, so it is not a blank tile.
        Assert.Equal((255, 255, 255, 255), icon.Pixel(96, 96 - 46));
        Assert.Equal((0x0e, 0x7c, 0x86, 255), icon.Pixel(0, 0));
    }

    [Fact]
    public void Outline_icon_is_32_pixels_square_white_on_transparent()
    {
        var icon = PngImage.Read(OutlineIcon);

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.Contains(icon.ColorType, new byte[] { 4, 6 });
        var pixels = Enumerable.Range(0, 32 * 32).Select(i => icon.Pixel(i % 32, i / 32)).ToList();
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Equal(0, icon.Pixel(0, 0).A);
        Assert.Contains(pixels, p => p.A == 255);
        Assert.True(pixels.Count(p => p.A == 0) > 32 * 32 / 2, "the outline icon should be mostly transparent");
    }

    [Fact]
    public async Task Committed_icons_are_exactly_what_the_icon_script_draws()
    {
        using var output = new TempFolder();

        var result = await ToolProcess.RunAsync("node", [Path.Combine(RepoPaths.Manifest, "make-icons.mjs"), output.Path], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllBytes(ColorIcon), File.ReadAllBytes(output.File("color.png")));
        Assert.Equal(File.ReadAllBytes(OutlineIcon), File.ReadAllBytes(output.File("outline.png")));
    }
}
