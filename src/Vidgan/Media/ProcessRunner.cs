using System.Diagnostics;
using System.Text;

namespace Vidgan.Media;

public sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr, bool TimedOut);

/// <summary>Runs an external program with a hard time limit, capturing binary stdout and text stderr.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(
        string program,
        IEnumerable<string> args,
        TimeSpan timeout,
        byte[]? stdin = null,
        long maxStdoutBytes = long.MaxValue
    )
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new VidganException($"could not start {program}");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
                lock (stderr)
                    stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        var stdout = new MemoryStream();
        bool overflow = false;
        var reader = Task.Run(() =>
        {
            var buffer = new byte[1 << 16];
            int n;
            var output = process.StandardOutput.BaseStream;
            while ((n = output.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (stdout.Length + n > maxStdoutBytes)
                {
                    overflow = true;
                    continue;
                }
                stdout.Write(buffer, 0, n);
            }
        });
        if (stdin != null)
        {
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            { /* the program exited early; its exit code and stderr tell why */
            }
        }
        bool finished = process.WaitForExit((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
        if (!finished)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            process.WaitForExit();
        }
        reader.Wait();
        process.WaitForExit();
        string err;
        lock (stderr)
            err = stderr.ToString();
        if (overflow)
            err += $"\noutput larger than {maxStdoutBytes} bytes";
        return new ProcessResult(finished ? process.ExitCode : -1, stdout.ToArray(), err, !finished);
    }
}
