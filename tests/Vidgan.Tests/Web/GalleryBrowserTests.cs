using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Web;

/// <summary>The gallery in a real browser: Debian's Chromium driven by Playwright. It filters, plays a preview on
/// hover, scrolls for more, curates with the keyboard, exports a selection and starts a generate job that it watches
/// finish. Screenshots land in <c>screenshots/</c> beside the tests.</summary>
[Trait(Suites.Name, Suites.Cli)]
public sealed class GalleryBrowserTests(WebLibrary library) : IClassFixture<WebLibrary>
{
    const string Chromium = "/usr/bin/chromium";
    static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    static async Task<(IPlaywright, IBrowser)> Browser()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (./run-tests does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
            }
        );
        return (playwright, browser);
    }

    static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, name), FullPage = false });
    }

    [Fact]
    public async Task ACuratorFiltersPlaysCuratesExportsAndGenerates()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var server = await LiveServer.Start(copy);
        var (playwright, browser) = await Browser();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1280, Height = 860 },
                AcceptDownloads = true,
            }
        );
        page.SetDefaultTimeout(60_000);

        await page.GotoAsync(server.Address + "/");
        await page.WaitForFunctionAsync("document.querySelectorAll('.card').length >= 12");
        // Every poster arrives and decodes (each made by FFmpeg on its first request).
        await page.WaitForFunctionAsync(
            "[...document.querySelectorAll('.card img')].every(i => i.complete && i.naturalWidth > 0)"
        );
        await Shot(page, "gallery.png");

        await page.SelectOptionAsync("select[name=source]", "generated");
        await page.WaitForURLAsync("**/?source=generated");
        await page.WaitForFunctionAsync("document.querySelectorAll('.card').length === 6");
        Assert.Equal(6, await page.Locator(".card .badge.synthetic").CountAsync());

        // Hover plays the animated preview.
        await page.Locator(".card").First.HoverAsync();
        await page.WaitForFunctionAsync(
            "(() => { const v = document.querySelector('.card video'); return v && v.currentTime > 0; })()"
        );

        // Keyboard curation in the grid: reject the second clip.
        await page.Locator(".card").Nth(1).FocusAsync();
        await page.Keyboard.PressAsync("r");
        await page.WaitForSelectorAsync(".card .badge.rejected");

        // Select two with X and export them.
        await page.Locator(".card").Nth(2).FocusAsync();
        await page.Keyboard.PressAsync("x");
        await page.Locator(".card").Nth(3).FocusAsync();
        await page.Keyboard.PressAsync("x");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export button").ClickAsync());
        string zipPath = Path.Combine(temp.Path, "export.zip");
        await download.SaveAsAsync(zipPath);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            Assert.Equal(2, manifest.RootElement.GetArrayLength());
        }

        // The asset page: keep with K, tag with T.
        await page.Locator(".card").First.ClickAsync();
        await page.WaitForSelectorAsync("#player");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("hero");
        await page.Keyboard.PressAsync("k");
        await page.WaitForSelectorAsync("#review.kept");
        await page.Keyboard.PressAsync("t");
        await page.WaitForSelectorAsync("#tags .tag:has-text('hero')");
        await Shot(page, "asset.png");
        using (var lib = VidganLibrary.Open(copy, create: false))
        {
            var kept = Assert.Single(lib.Catalog.ListAssets(new AssetFilter { Review = Review.Kept }));
            Assert.Contains("hero", kept.Tags);
            Assert.Single(lib.Catalog.ListAssets(new AssetFilter { Review = Review.Rejected }));
        }

        // Generate more and watch the job finish on the jobs page.
        await page.GotoAsync(server.Address + "/generate");
        await page.FillAsync("#g-count", "4");
        await page.FillAsync("#g-seed", "777");
        await page.ClickAsync("#generate button[type=submit]");
        await page.WaitForURLAsync("**/jobs");
        await page.WaitForSelectorAsync("#jobs tr[data-state=succeeded]", new() { Timeout = 180_000 });
        await Shot(page, "jobs.png");

        // Ten generated clips now; in a small window a page of four scrolls for the rest.
        await page.SetViewportSizeAsync(420, 560);
        await page.GotoAsync(server.Address + "/?source=generated&limit=4");
        await page.WaitForFunctionAsync("document.querySelectorAll('.card').length >= 4");
        // Keep scrolling to the end of the list, as a reader would, until every page has loaded.
        await page.WaitForFunctionAsync(
            "(() => { document.getElementById('more').scrollIntoView(); "
                + "return document.querySelectorAll('.card').length === 10; })()"
        );
        Assert.Equal("10 assets", await page.Locator("#more").TextContentAsync());
    }
}
