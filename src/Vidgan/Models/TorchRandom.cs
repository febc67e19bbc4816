using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Where a run's random draws come from. torch's process-wide generator is shared by every thread, so two
/// runs in one process (jobs of <c>vidgan serve</c>) would change each other's draws and a seed would no longer
/// repeat its run. Networks are therefore only built under <see cref="Seeded{T}"/> or <see cref="Build{T}"/>, which
/// hold that generator for the whole build, and a run's later draws come from its own generator, made current for
/// its thread (and the tasks it starts) by <see cref="Use"/>. Draws are made on the CPU and moved to the tensor's
/// device, so one CPU generator serves every device and the CPU values match a draw from torch's own
/// generator.</summary>
public static class TorchRandom
{
    static readonly Lock ProcessGenerator = new();
    static readonly AsyncLocal<Generator?> Ambient = new();

    /// <summary>The generator <see cref="Use"/> made current here, or null for torch's process-wide one.</summary>
    public static Generator? Current => Ambient.Value;

    /// <summary>Builds with torch's generator seeded and held, so the initial weights depend on the seed
    /// alone.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        lock (ProcessGenerator)
        {
            torch.manual_seed(seed);
            return build();
        }
    }

    /// <summary>A generator of its own for a run's draws after its build: the same numbers as torch's generator
    /// seeded with <paramref name="seed"/>.</summary>
    public static Generator Own(long seed) => new((ulong)seed);

    /// <summary>Builds networks whose weights are about to be replaced (loaded or copied), without Vidgan's own
    /// initial draws (<see cref="Init.ForReplacedWeights"/>). torch's layers still draw theirs from its generator,
    /// so the build waits while a seeded build holds it.</summary>
    public static T Build<T>(Func<T> build)
    {
        lock (ProcessGenerator)
            return Init.ForReplacedWeights(build);
    }

    /// <summary>Makes <paramref name="generator"/> the source of this thread's draws until the scope ends.</summary>
    public static Scope Use(Generator generator) => new(generator);

    public static Tensor Normal(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        OnDevice(torch.randn(shape, dtype: dtype, generator: Current), device);

    public static Tensor Uniform(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        OnDevice(torch.rand(shape, dtype: dtype, generator: Current), device);

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Integers(long low, long high, long[] shape, Device? device = null) =>
        OnDevice(torch.randint(low, high, shape, generator: Current), device);

    static Tensor OnDevice(Tensor drawn, Device? device)
    {
        if (device is null || device.type == DeviceType.CPU)
            return drawn;
        using (drawn)
            return drawn.to(device);
    }

    public readonly struct Scope : IDisposable
    {
        readonly Generator? previous;

        internal Scope(Generator generator)
        {
            previous = Ambient.Value;
            Ambient.Value = generator;
        }

        public void Dispose() => Ambient.Value = previous;
    }
}
