// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK).
//
// Why: TorchSharp's libLibTorchSharp.so asks libstdc++ for GLIBCXX_3.4.32 only for a symbol that has
// no relocation. Debian 12's libstdc++ stops at 3.4.30, so the dynamic loader refuses the library.
// A weak requirement is checked but not enforced, which is exactly what that unused version needs.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/TorchSharpNativeFix.targets),
// which needs the Task class below, and by the test project (VIDGAN_TESTS), which tests the logic.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Vidgan.Build
{
    public sealed class VersionRequirement
    {
        public string File = "";
        public string Version = "";
        public ushort Flags;
        public long FlagsOffset;
        public bool IsWeak => (Flags & ElfVersionPatcher.VerFlagWeak) != 0;
    }

    public static class ElfVersionPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;

        static readonly string[] LibraryDirectories =
        {
            "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/lib64",
            "/usr/lib",
            "/lib",
        };

        public static bool IsElf64LittleEndian(byte[] data) =>
            data.Length > 0x40
            && data[0] == 0x7f
            && data[1] == (byte)'E'
            && data[2] == (byte)'L'
            && data[3] == (byte)'F'
            && data[4] == 2
            && data[5] == 1;

        /// <summary>Every (file, version) requirement in .gnu.version_r, with where its flags live.</summary>
        public static List<VersionRequirement> ReadRequirements(byte[] data)
        {
            var result = new List<VersionRequirement>();
            if (!IsElf64LittleEndian(data))
                throw new InvalidDataException("not a 64-bit little-endian ELF file");
            long shoff = (long)BitConverter.ToUInt64(data, 0x28);
            int shentsize = BitConverter.ToUInt16(data, 0x3A);
            int shnum = BitConverter.ToUInt16(data, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (BitConverter.ToUInt32(data, (int)(sh + 4)) != ShtGnuVerneed)
                    continue;
                long offset = (long)BitConverter.ToUInt64(data, (int)(sh + 0x18));
                uint link = BitConverter.ToUInt32(data, (int)(sh + 0x28));
                uint count = BitConverter.ToUInt32(data, (int)(sh + 0x2C));
                long strtab = (long)BitConverter.ToUInt64(data, (int)(shoff + link * shentsize + 0x18));
                long need = offset;
                for (uint n = 0; n < count; n++)
                {
                    ushort auxCount = BitConverter.ToUInt16(data, (int)(need + 2));
                    string file = ReadString(data, strtab + BitConverter.ToUInt32(data, (int)(need + 4)));
                    long aux = need + BitConverter.ToUInt32(data, (int)(need + 8));
                    for (int a = 0; a < auxCount; a++)
                    {
                        result.Add(
                            new VersionRequirement
                            {
                                File = file,
                                Version = ReadString(data, strtab + BitConverter.ToUInt32(data, (int)(aux + 8))),
                                Flags = BitConverter.ToUInt16(data, (int)(aux + 4)),
                                FlagsOffset = aux + 4,
                            }
                        );
                        uint nextAux = BitConverter.ToUInt32(data, (int)(aux + 12));
                        if (nextAux == 0)
                            break;
                        aux += nextAux;
                    }
                    uint next = BitConverter.ToUInt32(data, (int)(need + 12));
                    if (next == 0)
                        break;
                    need += next;
                }
            }
            return result;
        }

        /// <summary>Sets the weak flag on <paramref name="version"/>. Returns true when the file changed.
        /// Idempotent; keeps the file's timestamp so MSBuild's incremental copy still sees it as unchanged.</summary>
        public static bool MarkWeak(string path, string version)
        {
            byte[] data = System.IO.File.ReadAllBytes(path);
            bool changed = false;
            foreach (var req in ReadRequirements(data))
            {
                if (req.Version != version || req.IsWeak)
                    continue;
                ushort flags = (ushort)(req.Flags | VerFlagWeak);
                data[req.FlagsOffset] = (byte)(flags & 0xff);
                data[req.FlagsOffset + 1] = (byte)(flags >> 8);
                changed = true;
            }
            if (!changed)
                return false;
            DateTime stamp = System.IO.File.GetLastWriteTimeUtc(path);
            string temp = path + ".weak-tmp";
            System.IO.File.WriteAllBytes(temp, data);
            System.IO.File.SetLastWriteTimeUtc(temp, stamp);
            System.IO.File.Replace(temp, path, null);
            return true;
        }

        /// <summary>The libstdc++ the dynamic loader would pick first (LD_LIBRARY_PATH, then system dirs).</summary>
        public static string? FindLibStdCxx()
        {
            var dirs = new List<string>();
            string? ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldPath))
                dirs.AddRange(ldPath.Split(':'));
            dirs.AddRange(LibraryDirectories);
            foreach (string dir in dirs)
            {
                if (dir.Length == 0)
                    continue;
                string candidate = Path.Combine(dir, "libstdc++.so.6");
                if (System.IO.File.Exists(candidate))
                    return candidate;
            }
            return null;
        }

        /// <summary>True when the library defines (exports) the given symbol version, e.g. GLIBCXX_3.4.32.</summary>
        public static bool DefinesVersion(string libraryPath, string version)
        {
            byte[] data = System.IO.File.ReadAllBytes(libraryPath);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(data, needle) >= 0;
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j])
                    j++;
                if (j == needle.Length && (i == 0 || haystack[i - 1] == 0))
                    return i;
            }
            return -1;
        }

        static string ReadString(byte[] data, long offset)
        {
            long end = offset;
            while (data[end] != 0)
                end++;
            return Encoding.ASCII.GetString(data, (int)offset, (int)(end - offset));
        }
    }

#if !VIDGAN_TESTS
    /// <summary>MSBuild task: weakens a version requirement in every matching library under the given
    /// folders.</summary>
    public class WeakenElfVersionRequirement : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directories { get; set; } = "";

        [Microsoft.Build.Framework.Required]
        public string LibraryName { get; set; } = "";

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            string? libstdcxx = ElfVersionPatcher.FindLibStdCxx();
            if (libstdcxx == null || ElfVersionPatcher.DefinesVersion(libstdcxx, Version))
                return true;
            foreach (string dir in Directories.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!System.IO.Directory.Exists(dir))
                    continue;
                foreach (
                    string lib in System.IO.Directory.EnumerateFiles(dir, LibraryName, SearchOption.AllDirectories)
                )
                {
                    if (ElfVersionPatcher.MarkWeak(lib, Version))
                        Log.LogMessage(
                            Microsoft.Build.Framework.MessageImportance.High,
                            $"vidgan: marked {Version} weak in {lib} ({libstdcxx} lacks it)"
                        );
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
