using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>What the discriminators' update sees: real and generated clips as the discriminators judge them (after
/// augmentation), the frames the image discriminator judges, their features and classes.</summary>
/// <param name="Step">This GanStep's update count, from 0.</param>
public sealed record DiscriminatorPass(
    GanModels Models,
    long Step,
    Tensor RealSeen,
    Tensor FakeSeen,
    Tensor? Classes,
    Tensor? FakeClasses,
    Tensor RealFrames,
    Tensor FakeFrames,
    Tensor? FrameClasses,
    Tensor? FakeFrameClasses,
    Tensor RealVideoFeatures,
    Tensor RealFrameFeatures,
    Tensor RealVideo,
    Tensor FakeVideo,
    Tensor RealImage,
    Tensor FakeImage
);

/// <summary>What the generator's update sees: the clips it made (raw and as judged), the real clips, the noise that
/// made them, the discriminators' features and logits of its clips.</summary>
public sealed record GeneratorPass(
    GanModels Models,
    Tensor Real,
    Tensor Fake,
    Tensor Noise,
    Tensor? Classes,
    Tensor? FakeClasses,
    Tensor? FakeFrameClasses,
    Tensor VideoFeatures,
    Tensor FrameFeatures,
    Tensor FakeVideo,
    Tensor FakeImage
);

/// <summary>One weighted term of the discriminators' loss.</summary>
public interface IDiscriminatorTerm
{
    /// <summary>The term, already weighted; null when it does not apply at this step.</summary>
    Tensor? Loss(DiscriminatorPass pass);
}

/// <summary>One weighted term of the generator's loss.</summary>
public interface IGeneratorTerm
{
    /// <summary>The term, already weighted; null when it does not apply at this step.</summary>
    Tensor? Loss(GeneratorPass pass);
}
