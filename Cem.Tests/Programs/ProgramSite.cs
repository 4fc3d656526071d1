using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Links;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Programs;

/// <summary>The moves around a state's program on a <see cref="CemSite"/>.</summary>
internal static class ProgramSite
{
    public static readonly SignedInUser Ohio = new(Sessions.SessionSite.OhioContact, false, ["OH"], DateTimeOffset.MaxValue);

    /// <summary>A program recommending <paramref name="eventIds"/>, with one contact who publishes an address and one who does not.</summary>
    public static object Body(params string[] eventIds) => new
    {
        title = "Ohio Connects",
        intro = "Ohio's month of *connected* learning.\n\n- chats\n- webinars",
        priorities = new[] { "Literacy", "AI in classrooms" },
        contacts = new object[]
        {
            new { name = "Pat Smith", role = "CEM coordinator", email = "cem@education.ohio.gov" },
            new { name = "Robin Lee", role = "Digital learning lead" },
        },
        items = eventIds.Select((id, i) => new { eventId = id, note = $"Pick {i + 1}" }).ToArray(),
        resources = new[] { new { title = "Ohio learning hub", url = "https://learning.ohio.gov/" } },
    };

    /// <summary>Writes and publishes Ohio's program through the service, recommending <paramref name="eventIds"/>.</summary>
    public static async Task<StateProgram> PublishProgramDirectAsync(this CemSite site, params string[] eventIds)
    {
        var programs = site.Services.GetRequiredService<ProgramService>();
        var form = new ProgramForm
        {
            Title = "Ohio Connects",
            Intro = "Ohio's month of *connected* learning.",
            Priorities = ["Literacy"],
            Contacts = [new() { Name = "Pat Smith", Role = "CEM coordinator", Email = "cem@education.ohio.gov" }],
            Items = [.. eventIds.Select(id => new ProgramItemForm { EventId = id, Note = "Recommended" })],
            Resources = [new() { Title = "Ohio learning hub", Url = "https://learning.ohio.gov/" }],
        };
        Assert.Equal(ProgramOutcome.Done, (await programs.SaveAsync(Ohio, "OH", form, null, CancellationToken.None)).Outcome);
        var published = await programs.SetPublishedAsync(Ohio, "OH", true, CancellationToken.None);
        Assert.Equal(ProgramOutcome.Done, published.Outcome);
        return published.Program!;
    }

    /// <summary>Has Columbus join Ohio's published program, confirm and be approved, through the services; returns it.</summary>
    public static async Task<District> ApprovedDistrictDirectAsync(this CemSite site)
    {
        var none = CancellationToken.None;
        var joins = site.Services.GetRequiredService<DistrictJoins>();
        var (invite, _) = await joins.InviteAsync(Ohio, "OH", none);
        var district = (await joins.JoinAsync(
            new DistrictJoinForm { Token = CemSite.TokenOf(invite!.AbsoluteUri), Name = "Columbus City Schools", LeaId = "3904380", ContactName = "Jordan Reyes", Email = "it.lead@columbus.k12.example.org" },
            "203.0.113.77", none)).District!;
        await site.EmailsAsync(district.Email, "Confirm your address"); // sent while the request waits for it
        var confirmation = site.Services.GetRequiredService<DistrictConfirmation>();
        Assert.Equal(LinkOutcome.Done, (await confirmation.ActAsync(CemSite.TokenOf(confirmation.LinkFor(district.JoinKey).AbsoluteUri), LinkInput.None, none)).Outcome);
        Assert.Equal(LinkOutcome.Done, (await site.Services.GetRequiredService<DistrictDecisions>().Approve.ActAsAsync(district.Id, Ohio.Email, LinkInput.None, none)).Outcome);
        return district;
    }

    /// <summary>Approves a state after another was: its own staff email, found by the state's name.</summary>
    public static async Task ApproveAnotherStateAsync(this CemSite site, string code, string email)
    {
        await site.SignUpAsync(CemSite.SignupBody(code, email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var name = Core.Jurisdictions.Jurisdiction.Find(code).Name;
        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "signed up for " + name));
        using var approved = await site.Http.PostAsJsonAsync("/api/signups/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) });
        approved.EnsureSuccessStatusCode();
    }

    /// <summary>PUTs the program and expects it saved; returns the answer.</summary>
    public static async Task<JsonElement> SaveAsync(this HttpClient client, object body, string code = "OH")
    {
        using var saved = await client.PutAsJsonAsync($"/api/states/{code}/program", body);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        return await saved.Content.ReadFromJsonAsync<JsonElement>();
    }
}
