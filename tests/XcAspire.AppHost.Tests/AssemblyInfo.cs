// The AppHost runs Debian's PostgreSQL and sets Unix permissions; so do these tests: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
