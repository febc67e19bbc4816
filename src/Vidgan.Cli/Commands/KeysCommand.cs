using System.CommandLine;
using System.Security.Cryptography;
using Vidgan.Library;
using Vidgan.Trust;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan keys</c>: the key and certificate chain the library signs Content Credentials with.</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "The library's signing key for Content Credentials: show, import");
        command.Add(Show());
        command.Add(Import());
        return command;
    }

    static Command Show()
    {
        var library = CommonOptions.Library();
        var command = new Command("show", "Print the signing certificate chain (made on first use)") { library };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            using var identity = SigningIdentity.ForLibrary(lib.TrustFolder, lib.Root, lib.Cipher);
            foreach (var (cert, i) in identity.Chain.Select((c, i) => (c, i)))
            {
                Console.WriteLine($"{(i == 0 ? "signer" : "issuer")}: {cert.Subject}");
                Console.WriteLine($"  issued by: {cert.Issuer}");
                Console.WriteLine($"  valid: {cert.NotBefore:yyyy-MM-dd} to {cert.NotAfter:yyyy-MM-dd}");
                Console.WriteLine($"  SHA-256: {Convert.ToHexStringLower(SHA256.HashData(cert.RawData))}");
            }
            Console.WriteLine($"key: {Path.Combine(lib.TrustFolder, "signing-key.pem")} (owner-only)");
            return 0;
        });
        return command;
    }

    static Command Import()
    {
        var library = CommonOptions.Library();
        var chain = new Option<string>("--chain")
        {
            Description = "PEM file: the signing certificate first, then its issuers",
            Required = true,
        };
        var key = new Option<string>("--key")
        {
            Description = "PEM file: the signing certificate's EC private key",
            Required = true,
        };
        var command = new Command("import", "Sign with a team's or a CA-issued certificate from now on")
        {
            library,
            chain,
            key,
        };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            string chainPath = r.GetValue(chain)!,
                keyPath = r.GetValue(key)!;
            foreach (var file in new[] { chainPath, keyPath })
                if (!File.Exists(file))
                    throw new VidganException($"no such file: {file}");
            using var identity = SigningIdentity.Import(
                lib.TrustFolder,
                File.ReadAllText(chainPath),
                File.ReadAllText(keyPath)
            );
            Console.WriteLine($"signing as {identity.Certificate.Subject} (issued by {identity.Certificate.Issuer})");
            return 0;
        });
        return command;
    }
}
