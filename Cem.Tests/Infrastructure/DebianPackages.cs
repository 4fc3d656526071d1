namespace Cem.Tests.Infrastructure;

/// <summary>
/// Installs a Debian package that a test needs (Chromium, LibreOffice) when its program is missing, so the README's
/// test command works on a fresh machine. One install at a time: apt holds a lock, and two test collections may ask
/// at once.
/// </summary>
public static class DebianPackages
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task EnsureAsync(string program, string package)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(program))
            {
                return;
            }

            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException($"{program} is missing; install Debian's {package} package (sudo apt-get install {package}).");
            }

            await BrowserFixture.RunAsync("apt-get", "update");
            await BrowserFixture.RunAsync("apt-get", $"install -y --no-install-recommends {package}");
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
