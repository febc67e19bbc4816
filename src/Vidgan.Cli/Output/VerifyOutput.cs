using Vidgan.Trust;

namespace Vidgan.Cli.Output;

/// <summary>The one line <c>vidgan verify</c> prints for a file.</summary>
public static class VerifyOutput
{
    public static string Line(Verdict v)
    {
        string name = v.File;
        if (!v.Exists)
            return $"{name}: NOT VERIFIED · {v.Credentials.Problem}";
        var c = v.Credentials;
        var parts = new List<string> { v.GeneratedAndIntact ? "generated, intact" : "NOT VERIFIED" };
        if (!c.Present)
            parts.Add(c.Problem != null ? $"C2PA unreadable ({c.Problem})" : "no Content Credentials");
        else if (c.Problem != null)
            parts.Add($"C2PA {c.Location}, broken: {c.Problem}");
        else
        {
            parts.Add($"C2PA {c.Location}");
            parts.Add(c.SignatureValid ? "signature valid" : "SIGNATURE INVALID");
            string whose =
                c.SignerIsLibrary == true ? " (this library's key)"
                : c.SignerIsLibrary == false ? " (not this library's key)"
                : "";
            parts.Add($"signer {c.Signer}{whose}");
            if (!c.AssertionsIntact)
                parts.Add("ASSERTIONS ALTERED");
            parts.Add(
                c.Binding switch
                {
                    BindingState.Intact => "binding intact",
                    BindingState.Tampered => "binding TAMPERED"
                        + (c.ChangedBytes.Count > 0 ? $" ({string.Join("; ", c.ChangedBytes)})" : ""),
                    _ => "NO HARD BINDING",
                }
            );
            parts.Add($"{c.Action ?? "no action"}: {Short(c.DigitalSourceType) ?? "no digital source type"}");
        }
        parts.Add($"metadata label: {Short(v.MetadataLabel) ?? "none"}");
        if (v.Watermark != null)
            parts.Add(
                v.Watermark switch
                {
                    { Readable: false } => "watermark: too small to carry one",
                    { Payload: WatermarkPayload p } => $"watermark: {p}"
                        + (v.WatermarkAsset is long a ? $" (library asset {a})" : ""),
                    _ => "watermark: none found",
                }
            );
        if (v.LibraryAsset is long id)
            parts.Add($"library asset {id}");
        return $"{name}: {string.Join(" · ", parts)}";
    }

    static string? Short(string? sourceType) => sourceType?.Split('/').Last();
}
