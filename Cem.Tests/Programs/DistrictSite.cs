using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Calendar;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Programs;

/// <summary>Districts of Ohio's program on a <see cref="CemSite"/>, each through its emailed links as people do it.</summary>
internal static class DistrictSite
{
    public const string Columbus = "3904380";
    public const string ColumbusName = "Columbus City Schools";
    public const string ColumbusContact = "it.lead@columbus.k12.example.org";

    /// <summary>Saves and publishes Ohio's program through its signed-in contact and returns the token of a fresh invite.</summary>
    public static async Task<string> PublishedProgramInviteAsync(HttpClient ohio)
    {
        await ohio.SaveAsync(ProgramSite.Body());
        (await ohio.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();
        using var invited = await ohio.PostAsync("/api/states/OH/program/invites", null);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        return CemSite.TokenOf((await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
    }

    /// <summary>Asks to join with the invite.</summary>
    public static async Task JoinAsync(this CemSite site, string token, string leaId = Columbus, string name = ColumbusName, string email = ColumbusContact)
    {
        using var joined = await site.Http.PostAsJsonAsync("/api/districts/join", new { token, name, leaId, contactName = "Jordan Reyes", contactTitle = "Director of Technology", email });
        Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
    }

    /// <summary>The district's contact confirms the address by the emailed link.</summary>
    public static async Task ConfirmDistrictAsync(this CemSite site, string email = ColumbusContact)
    {
        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(email, "Confirm your address to join Ohio")), "/districts/confirm");
        using var confirmed = await site.Http.PostAsJsonAsync("/api/districts/confirm", new { token = CemSite.TokenOf(confirm) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    /// <summary>Ohio's contact approves or declines the district from the email asking them.</summary>
    public static async Task DecideDistrictAsync(this CemSite site, string leaId, bool approve, int requestsSoFar = 1)
    {
        var requests = await site.EmailsAsync(SessionSite.OhioContact, "A district asks to join your CEM program", requestsSoFar);
        var request = Assert.Single(requests, e => e.Text!.Contains(leaId, StringComparison.Ordinal));
        var path = approve ? "/districts/approve" : "/districts/decline";
        using var decided = await site.Http.PostAsJsonAsync("/api" + path, new { token = CemSite.TokenOf(CemSite.LinkIn(request, path)) });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
    }

    /// <summary>Columbus joins with the invite, confirms, is approved by Ohio, and its contact signs in.</summary>
    public static async Task<HttpClient> ApprovedDistrictClientAsync(this CemSite site, string token, int requestsSoFar = 1)
    {
        await site.JoinAsync(token);
        await site.ConfirmDistrictAsync();
        await site.DecideDistrictAsync(Columbus, approve: true, requestsSoFar);
        return await site.SignedInClientAsync(ColumbusContact);
    }

    /// <summary>Stores Columbus as an approved district of Ohio's program straight in the table (for tests about pages, not joining).</summary>
    public static async Task<SignedInUser> StoreApprovedDistrictAsync(this CemSite site)
    {
        var year = Calendar.EventSite.Year;
        var now = DateTimeOffset.UtcNow;
        await site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EventsTable).AddEntityAsync(new District
        {
            PartitionKey = StateProgram.Partition(year, "OH"), RowKey = District.RowPrefix + Columbus, Code = "OH", Year = year, LeaId = Columbus, Name = ColumbusName,
            ContactName = "Jordan Reyes", ContactTitle = "Director of Technology", Email = ColumbusContact, Status = DistrictStatuses.Approved,
            RequestedAt = now, ConfirmedAt = now, DecidedAt = now,
        });
        return new SignedInUser(ColumbusContact, false, [], DateTimeOffset.MaxValue) { Districts = [new DistrictRole(year, "OH", Columbus, ColumbusName)] };
    }

    /// <summary>Submits an event for Columbus through the service, as its signed-in contact; returns its id.</summary>
    public static async Task<EventId> SubmitDirectAsync(this CemSite site, SignedInUser columbus, string title)
    {
        var form = Calendar.CalendarTesting.Form("OH", $"{Calendar.EventSite.Year}-10-08T18:00", $"{Calendar.EventSite.Year}-10-08T19:30");
        form.Title = title;
        var result = await site.Services.GetRequiredService<DistrictEvents>().SubmitAsync(columbus, "OH", Columbus, form, CancellationToken.None);
        Assert.Equal(DistrictEventOutcome.Submitted, result.Outcome);
        return result.Id!;
    }

    /// <summary>An event as a district sends it (the same fields as publishing).</summary>
    public static object EventBody(string title = "Columbus family tech night", string organizerName = ColumbusName, string description = "Families and teachers, *together*.", string? location = null) => new
    {
        title,
        description,
        format = "workshop",
        attendance = location is null ? "online" : "hybrid",
        audiences = new[] { "families" },
        organizerName,
        url = "https://example.org/columbus",
        location,
        slots = new[] { new { start = $"{Calendar.EventSite.Year}-10-08T18:00", end = $"{Calendar.EventSite.Year}-10-08T19:30" } },
    };
}
