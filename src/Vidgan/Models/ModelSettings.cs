namespace Vidgan.Models;

/// <summary>gan; vae (an encoder plus the generator as decoder, trained on the evidence lower bound); or vae-gan (both
/// losses on one decoder, as SAVP combines them).</summary>
public enum Objective
{
    Gan,
    Vae,
    VaeGan,
}

/// <summary>What the generator is given: noise alone (none), noise and the class, the first frame (image) or the first
/// K frames (video).</summary>
public enum Condition
{
    None,
    Class,
    Image,
    Video,
}

/// <summary>The discriminators' convolutions: a plain strided stack (conv, DCGAN's) or residual down-sampling blocks
/// after the first layer (resnet).</summary>
public enum DiscriminatorKind
{
    Conv,
    Resnet,
}

/// <summary>How the mocogan frame decoder doubles its resolution: stride-2 transposed convolutions (DCGAN's; they
/// draw a two-pixel checkerboard), the same followed by a fixed low-pass filter (smooth, <see cref="Blur2d"/>), or
/// nearest-neighbour up-sampling followed by a 3×3 convolution (resize, Odena et al.'s cure for the checkerboard).
/// </summary>
public enum Upsampling
{
    Transposed,
    Smooth,
    Resize,
}
