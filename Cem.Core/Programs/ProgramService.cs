using Azure;
using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Participation;
using Cem.Core.PressKits;
using Cem.Core.Sessions;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Programs;

public enum ProgramOutcome
{
    Done,
    Invalid,
    Forbidden,
    NotFound,

    /// <summary>Saved by someone else since the version the editor showed.</summary>
    Conflict,
}

/// <summary>What saving or publishing gave: the program, or why not.</summary>
public sealed record ProgramResult(ProgramOutcome Outcome, StateProgram? Program = null, ValidationErrors? Errors = null);

/// <summary>
/// A state's own program for the current edition: its confirmed contacts write it, publish it and take it down.
/// Every change is written over the row's ETag with an audit row (who, what) in one transaction, so two editors
/// never overwrite each other unnoticed: a save naming an older version is refused, and a save naming none is
/// applied to the latest version read.
/// </summary>
public sealed class ProgramService(CemStorage storage, MessageOutbox outbox, EventService events, EditionStore editions, PublishedProgramIndex index, ParticipationLog participation, TimeProvider time, ILogger<ProgramService> logger)
{
    private const int Attempts = 5;
    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    public static bool MayEdit(SignedInUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsContactOf(code);
    }

    /// <summary>The program of the current edition, published or not (the editor's view); null when never saved.</summary>
    public async Task<StateProgram?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var year = (await editions.CurrentAsync(cancellationToken)).Year;
        return await FindAsync(year, code, cancellationToken);
    }

    /// <summary>The published program of the current edition, or null (never told apart from none).</summary>
    public async Task<StateProgram?> PublishedAsync(string code, CancellationToken cancellationToken)
    {
        var program = await FindAsync(code, cancellationToken);
        return program is { Published: true } ? program : null;
    }

    public async Task<StateProgram?> FindAsync(int year, string code, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<StateProgram>(StateProgram.Partition(year, code), StateProgram.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// Replaces the program's fields. <paramref name="expectedVersion"/> (If-Match, or the form's version) refuses the
    /// save when the program changed since; without it the fields are written over whatever is current.
    /// </summary>
    public async Task<ProgramResult> SaveAsync(SignedInUser user, string code, ProgramForm form, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!MayEdit(user, code))
        {
            return new(ProgramOutcome.Forbidden);
        }

        var checkedForm = ProgramRules.Check(form);
        if (!checkedForm.IsValid)
        {
            return new(ProgramOutcome.Invalid, Errors: checkedForm.Errors);
        }

        var draft = checkedForm.Value!;
        var missing = new ValidationErrors();
        for (var i = 0; i < draft.Items.Count; i++)
        {
            var found = await events.FindPublicAsync(Calendar.EventId.TryParse(draft.Items[i].EventId, out var id) ? id : throw new InvalidOperationException(), cancellationToken);
            if (found is null || found.IsCancelled)
            {
                missing.Add($"items[{i}].eventId", "No published event on the CEM calendar has this id.");
            }
        }

        if (!missing.IsEmpty)
        {
            return new(ProgramOutcome.Invalid, Errors: missing);
        }

        return await ChangeAsync(user, code, expectedVersion ?? form.Version, "saved", program =>
        {
            program.Title = draft.Title;
            program.Intro = draft.Intro;
            program.PriorityList = draft.Priorities;
            program.ContactList = draft.Contacts;
            program.ItemList = draft.Items;
            program.ResourceList = draft.Resources;
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Puts the program on the public page (or takes it off); publishing is logged once per edition for the metrics, and
    /// commits a request for the state's fresh press kits, which name the program.
    /// </summary>
    public async Task<ProgramResult> SetPublishedAsync(SignedInUser user, string code, bool published, CancellationToken cancellationToken)
    {
        if (!MayEdit(user, code))
        {
            return new(ProgramOutcome.Forbidden);
        }

        var year = (await editions.CurrentAsync(cancellationToken)).Year;
        if (published)
        {
            // Before the program is published, so that no reader of the index can miss it (a crash between leaves the
            // state in the index, which only costs its kits a read of the program).
            await index.AddAsync(year, code, cancellationToken);
        }

        var result = await ChangeAsync(user, code, null, published ? "published" : "unpublished", program =>
        {
            if (program.Version == 0)
            {
                return ProgramOutcome.NotFound; // nothing saved yet: nothing to publish
            }

            program.Published = published;
            program.PublishedAt = published ? program.PublishedAt ?? time.GetUtcNow() : program.PublishedAt;
            return null;
        }, cancellationToken, published ? [PressKitRequests.ProgramChanged(code)] : [], year);
        if (result.Outcome == ProgramOutcome.Done && published)
        {
            var program = result.Program!;
            await participation.RecordOnceAsync(code, ParticipationKinds.ProgramPublished, $"{program.Year}-{code}", cancellationToken);
        }

        return result;
    }

    /// <summary>Raises the invite version (revoking every earlier invite) and returns the program with it.</summary>
    public Task<ProgramResult> NewInviteAsync(SignedInUser user, string code, CancellationToken cancellationToken) =>
        !MayEdit(user, code)
            ? Task.FromResult(new ProgramResult(ProgramOutcome.Forbidden))
            : ChangeAsync(user, code, null, "invite-issued", program =>
            {
                if (!program.Published)
                {
                    return ProgramOutcome.NotFound; // districts join a published program
                }

                program.InviteVersion++;
                return null;
            }, cancellationToken);

    /// <summary>
    /// Reads, changes, and writes over the ETag with an audit row and the <paramref name="messages"/> the change sends
    /// (<see cref="MessageOutbox"/>); re-reads on a concurrent change.
    /// </summary>
    /// <param name="year">The edition's year, when the caller read it already; otherwise the current edition's.</param>
    private async Task<ProgramResult> ChangeAsync(SignedInUser user, string code, int? expectedVersion, string action, Func<StateProgram, ProgramOutcome?> change, CancellationToken cancellationToken, IReadOnlyCollection<PendingMessage>? messages = null, int? year = null)
    {
        var edition = year ?? (await editions.CurrentAsync(cancellationToken)).Year;
        for (var attempt = 1; ; attempt++)
        {
            var program = await FindAsync(edition, code, cancellationToken)
                ?? new StateProgram { PartitionKey = StateProgram.Partition(edition, code), Code = code, Year = edition };
            if (expectedVersion is { } expected && expected != program.Version)
            {
                return new(ProgramOutcome.Conflict, program);
            }

            var before = (program.Fields, program.Published, program.InviteVersion);
            if (change(program) is { } refused)
            {
                return new(refused, program);
            }

            if ((program.Fields, program.Published, program.InviteVersion) == before && program.Version > 0)
            {
                return new(ProgramOutcome.Done, program); // nothing changed: nothing written, the version stays
            }

            var now = time.GetUtcNow();
            program.Version++;
            program.UpdatedAt = now;
            var audit = new TableEntity(program.PartitionKey, $"audit-program-{Ulid.NewUlid(now)}")
            {
                ["Action"] = action,
                ["Actor"] = user.Email,
                ["Version"] = program.Version,
                ["At"] = now,
            };
            var write = program.Version == 1
                ? new TableTransactionAction(TableTransactionActionType.Add, program)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, program, program.ETag);
            try
            {
                // Without messages, the outbox submits the bare transaction. The program returned keeps its old ETag:
                // every change reads the row again.
                await outbox.SubmitAsync(table, [write, new(TableTransactionActionType.Add, audit)], messages ?? [], cancellationToken);
                logger.LogInformation("Program of {Code} {Action}, version {Version}", code, action, program.Version);
                return new(ProgramOutcome.Done, program);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                if (expectedVersion is not null)
                {
                    return new(ProgramOutcome.Conflict, await FindAsync(edition, code, cancellationToken));
                }

                if (attempt == Attempts)
                {
                    throw new InvalidOperationException($"The program of {code} kept changing; gave up after {Attempts} attempts.", e);
                }
            }
        }
    }
}
