namespace Cem.Core.PressKits;

/// <summary>One of a program's headline events as a kit names it: its title and the date of its next session ("October 6").</summary>
public sealed record HeadlineEvent(string Title, string Date);

/// <summary>
/// What a kit says of a state's own published CEM program: where its page is, how many districts take part and its
/// first few upcoming events. <see cref="None"/> when the state has published none.
/// </summary>
public sealed record ProgramFacts(Uri? PageUrl, int Districts, IReadOnlyList<HeadlineEvent> HeadlineEvents)
{
    public static ProgramFacts None { get; } = new(null, 0, []);
}

/// <summary>
/// A state's program facts for its press kit. Programs sit above press kits, so the kit asks through this
/// abstraction and Programs answers it (registered by <c>AddCemPrograms</c>); without Programs, <see cref="NoProgramFacts"/>.
/// </summary>
public interface IProgramFacts
{
    /// <summary>The facts of the program of <paramref name="code"/> in the edition of <paramref name="year"/>; <see cref="ProgramFacts.None"/> when it has none published.</summary>
    Task<ProgramFacts> ForAsync(int year, string code, CancellationToken cancellationToken);
}

/// <summary>The answer without programs: no state has one.</summary>
public sealed class NoProgramFacts : IProgramFacts
{
    public Task<ProgramFacts> ForAsync(int year, string code, CancellationToken cancellationToken) => Task.FromResult(ProgramFacts.None);
}
