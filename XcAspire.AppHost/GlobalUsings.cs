global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Hosting;

// Runs Debian's PostgreSQL binaries and sets Unix permissions: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
