using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Silo.Sources.SavedPages;

/// <summary>One saved page, parsed: where it was saved from, its text lines, its result rows.</summary>
internal sealed partial class SavedPage
{
    private static readonly HtmlParser Parser = new();

    [GeneratedRegex(@"saved from url=\(\d+\)(?<url>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex SavedFromComment();

    [GeneratedRegex(@"/meet/(?<id>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex MeetInUrl();

    [GeneratedRegex(@"/results/(?<id>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex RaceInUrl();

    [GeneratedRegex(@"(?<id>\d{5,})")]
    private static partial Regex IdInFileName();

    private SavedPage(string file, IDocument document, string? url)
    {
        File = file;
        Document = document;
        Url = url;
    }

    public string File { get; }

    public IDocument Document { get; }

    public string? Url { get; }

    public string? MeetId => Url is null ? null : MeetInUrl().Match(Url) is { Success: true } m ? m.Groups["id"].Value : null;

    /// <summary>The race id from the page's address, else a long number in the file name (a page saved by hand).</summary>
    public string? RaceId =>
        Url is not null && RaceInUrl().Match(Url) is { Success: true } m ? m.Groups["id"].Value
        : IdInFileName().Match(Path.GetFileNameWithoutExtension(File)) is { Success: true } f ? f.Groups["id"].Value
        : null;

    public IReadOnlyList<IElement> Rows => Document.QuerySelectorAll("div[class*=\"result-row\"]").ToList();

    public static SavedPage Load(Stream stream, string file)
    {
        using var reader = new StreamReader(stream);
        var html = reader.ReadToEnd();
        var document = Parser.ParseDocument(html);
        var url = SavedFromComment().Match(html) is { Success: true } saved ? saved.Groups["url"].Value
            : document.QuerySelector("link[rel=canonical]")?.GetAttribute("href")
            ?? document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");
        return new SavedPage(file, document, url);
    }

    /// <summary>The text lines of an element as a browser shows them: each text node, trimmed, blanks dropped.</summary>
    public static List<string> Lines(INode node) =>
        node.Descendants<IText>()
            .Where(t => t.ParentElement?.LocalName is not ("script" or "style"))
            .Select(t => t.Data.Trim())
            .Where(t => t.Length > 0)
            .ToList();

    public string? MeetName =>
        Document.Title?.Split(" - ")[0].Trim() is { Length: > 0 } title ? title : Document.QuerySelector("h1")?.TextContent.Trim();

    /// <summary>
    /// The race's title: the page's link to itself when it has one, else the first heading or line (outside
    /// links to other races) naming a distance and a gender or level, as the old scraper looked for.
    /// </summary>
    public string? RaceTitle()
    {
        var raceId = RaceId;
        if (raceId is not null)
        {
            foreach (var link in Document.QuerySelectorAll("a[href*=\"/results/\"]"))
            {
                var href = link.GetAttribute("href") ?? string.Empty;
                if (RaceInUrl().Match(href) is { Success: true } m && m.Groups["id"].Value == raceId && LooksLikeTitle(link.TextContent))
                {
                    return link.TextContent.Trim();
                }
            }
        }

        var headings = Document.QuerySelectorAll("h1, h2, h3, h4").Select(h => h.TextContent.Trim());
        var lines = Document.Body is null ? [] : Document.Body.Descendants<IText>()
            .Where(t => t.Closest("a") is null)
            .Select(t => t.Data.Trim())
            .Take(60);
        return headings.Concat(lines).FirstOrDefault(LooksLikeTitle);
    }

    private static bool LooksLikeTitle(string text) =>
        DistanceParser.ContainsDistance(text)
        && (GenderParser.FromTitle(text) is not null || RaceTypeParser.Classify(text) != "other");
}

internal static class NodeExtensions
{
    public static IElement? Closest(this IText text, string tag)
    {
        for (var element = text.ParentElement; element is not null; element = element.ParentElement)
        {
            if (element.LocalName == tag)
            {
                return element;
            }
        }

        return null;
    }
}
