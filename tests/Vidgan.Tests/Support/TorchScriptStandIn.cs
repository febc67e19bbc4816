using System.IO.Compression;
using System.Text;

namespace Vidgan.Tests.Support;

/// <summary>Writes tiny TorchScript files without PyTorch, as stand-ins for a user's I3D network: a zip holding the
/// module's TorchScript source, its pickled object (no parameters, just the training flag) and the format version. The
/// default stand-in returns, per clip, the mean colour of each channel and frame (3 × 16 values) repeated to
/// 400.</summary>
public static class TorchScriptStandIn
{
    public const string MeanColours =
        "torch.slice(torch.flatten(torch.repeat(torch.mean(x, [3, 4]), [1, 1, 9]), 1), 1, 0, 400)";

    public static string Write(string path, string body = MeanColours)
    {
        string code = string.Join(
            "\n",
            "class StandIn(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.StandIn,",
            "    x: Tensor) -> Tensor:",
            $"    return {body}",
            ""
        );
        var pickle = new MemoryStream();
        pickle.Write(new byte[] { 0x80, 0x02 }); // protocol 2
        pickle.Write(Encoding.ASCII.GetBytes("c__torch__\nStandIn\n")); // GLOBAL __torch__.StandIn
        pickle.Write(new byte[] { (byte)')', 0x81, (byte)'}' }); // EMPTY_TUPLE, NEWOBJ, EMPTY_DICT
        pickle.WriteByte((byte)'X'); // BINUNICODE "training"
        pickle.Write(BitConverter.GetBytes(8));
        pickle.Write(Encoding.ASCII.GetBytes("training"));
        pickle.Write(new byte[] { 0x89, (byte)'s', (byte)'b', (byte)'.' }); // False, SETITEM, BUILD, STOP
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, byte[] bytes)
        {
            using var s = zip.CreateEntry("standin/" + name, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
        Add("data.pkl", pickle.ToArray());
        Add("code/__torch__.py", Encoding.UTF8.GetBytes(code));
        Add("constants.pkl", new byte[] { 0x80, 0x02, (byte)')', (byte)'.' });
        Add("version", Encoding.ASCII.GetBytes("3\n"));
        Add("byteorder", Encoding.ASCII.GetBytes("little"));
        return path;
    }
}
