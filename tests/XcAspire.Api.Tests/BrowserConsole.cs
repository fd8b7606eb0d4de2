using Microsoft.Playwright;

namespace XcAspire.Api.Tests;

/// <summary>What a page complained about: Content-Security-Policy refusals and uncaught script errors.</summary>
public sealed class BrowserConsole
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public static BrowserConsole Watch(IPage page)
    {
        var console = new BrowserConsole();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                console.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => console.Add($"{page.Url}: uncaught {error}");
        return console;
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
