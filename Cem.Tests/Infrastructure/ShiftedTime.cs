namespace Cem.Tests.Infrastructure;

/// <summary>
/// The system clock moved forward by <see cref="Offset"/>: "now" jumps ahead while timers and delays keep real time,
/// so a DevHost's queue listeners go on polling while a test skips ten minutes.
/// </summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public void Advance(TimeSpan by) => Offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
