using System.Text.Json.Nodes;
using Cem.Core.Awards;
using Cem.Core.Editions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Awards;

/// <summary>Awards from recorded facts, against Azurite: proposals, holds, issue, revocation and the signed credential.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AwardServiceTests(AzuriteFixture azurite)
{
    private static readonly string[] Codes = ["OH", "TX", "WY", "CA", "GU", "VT"];

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(3, 1, 3)]
    public async Task Proposals_agree_with_a_brute_force_recount_of_random_participation(int seed, int championEvents, int championDistricts)
    {
        var random = new Random(seed);
        await using var harness = await AwardTesting.StartAsync(azurite, s =>
        {
            s["Cem:Metrics:Recognition:ChampionEvents"] = championEvents.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["Cem:Metrics:Recognition:ChampionDistricts"] = championDistricts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var entries = new HashSet<(string Code, string Kind, string Subject)>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 80; i++)
            {
                var code = Codes[random.Next(Codes.Length)];
                var kind = random.Next(12) switch
                {
                    0 => ParticipationKinds.Approved,
                    1 => ParticipationKinds.PressKitCompiled,
                    2 => ParticipationKinds.CommentApproved,
                    3 or 4 => ParticipationKinds.EventAdded,
                    5 => ParticipationKinds.EventCancelled,
                    6 => ParticipationKinds.ProgramPublished,
                    7 or 8 => ParticipationKinds.DistrictJoined,
                    9 => ParticipationKinds.DistrictLeft,
                    10 => ParticipationKinds.Rejected,
                    _ => ParticipationKinds.CommentPosted,
                };

                // A program is published once per edition; events and districts have ids of their own.
                var subject = kind == ParticipationKinds.ProgramPublished ? $"{AwardTesting.Year}-{code}" : $"{code}-{random.Next(5)}";
                string[]? chosen = kind == ParticipationKinds.Approved ? (random.Next(2) == 0 ? [Activities.OwnCem] : [Activities.PressRelease]) : null;
                await harness.ParticipationLog.RecordOnceAsync(code, kind, subject, CancellationToken.None, chosen);
                entries.Add((code, kind, subject));
            }

            await harness.RollUpAsync();
            await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);

            var proposed = (await harness.Get<AwardStore>().OfYearAsync(AwardTesting.Year, CancellationToken.None)).ToDictionary(a => a.Code, a => a.Level);
            var expected = new Dictionary<string, string>();
            foreach (var code in Codes)
            {
                long Count(string kind) => entries.Count(e => e.Code == code && e.Kind == kind);
                var events = Math.Max(0, Count(ParticipationKinds.EventAdded) - Count(ParticipationKinds.EventCancelled));
                var districts = Math.Max(0, Count(ParticipationKinds.DistrictJoined) - Count(ParticipationKinds.DistrictLeft));
                var level = Count(ParticipationKinds.Approved) == 0 ? null
                    : Count(ParticipationKinds.PressKitCompiled) == 0 || events == 0 ? "participant"
                    : Count(ParticipationKinds.ProgramPublished) > 0 && districts >= championDistricts && events >= championEvents ? "champion"
                    : "connected";
                if (level is not null)
                {
                    expected[code] = level;
                }
            }

            Assert.Equal(expected.OrderBy(kv => kv.Key), proposed.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public async Task The_timer_proposes_the_last_editions_awards_once_it_has_closed_everywhere()
    {
        await using var harness = await AwardTesting.StartAsync(azurite);
        await harness.ReachAsync("OH", RecognitionLevels.Connected);
        await harness.RollUpAsync();

        Assert.Null(await harness.Awards().ProposeClosedEditionAsync(CancellationToken.None)); // October 2026: running
        Assert.Empty(await harness.Get<AwardStore>().AllAsync(CancellationToken.None));

        harness.Time.Advance(TimeSpan.FromDays(45)); // mid-November: 2026 has ended everywhere
        Assert.Equal(2026, await harness.Awards().ProposeClosedEditionAsync(CancellationToken.None));
        Assert.Equal([("2026-OH", RecognitionLevels.Connected)], (await harness.Get<AwardStore>().AllAsync(CancellationToken.None)).Select(a => (a.Id, a.Level)));
    }

    [Fact]
    public async Task Proposing_again_changes_nothing_and_a_new_level_updates_the_unissued_proposal()
    {
        await using var harness = await AwardTesting.StartAsync(azurite);
        await harness.ReachAsync("OH", RecognitionLevels.Participant);
        await harness.RollUpAsync();
        var first = await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);
        var again = await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);

        Assert.Equal((1, 0), (first.Added, first.Updated));
        Assert.Equal((0, 0), (again.Added, again.Updated));

        await harness.ReachAsync("OH", RecognitionLevels.Champion);
        await harness.RollUpAsync();
        var raised = await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);

        Assert.Equal((0, 1), (raised.Added, raised.Updated));
        var award = Assert.Single(raised.Proposals);
        Assert.Equal(("2026-OH", RecognitionLevels.Champion, harness.Time.GetUtcNow()), (award.Id, award.Level, award.ProposedAt));
    }

    [Fact]
    public async Task A_held_award_is_not_issued_and_a_released_one_is_issued_after_its_review_window()
    {
        await using var harness = await AwardTesting.StartAsync(azurite);
        await harness.ReachAsync("OH", RecognitionLevels.Connected);
        await harness.ReachAsync("TX", RecognitionLevels.Participant);
        await harness.RollUpAsync();
        var awards = harness.Awards();
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);

        var early = await awards.IssueAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Empty(early.Issued);
        Assert.Equal(2, early.InReview);

        var held = await awards.HoldAsync("2026-OH", CoreHarness.Staff, "Check the press kit first", CancellationToken.None);
        Assert.Equal(AwardOutcome.Done, held.Outcome);
        harness.Time.Advance(TimeSpan.FromDays(3));
        var run = await awards.IssueAsync(AwardTesting.Year, CancellationToken.None);

        Assert.Equal(["2026-TX"], run.Issued.Select(a => a.Id));
        Assert.Equal(1, run.Held);
        var stillHeld = await harness.Get<AwardStore>().FindAsync("2026-OH", CancellationToken.None);
        Assert.Equal((AwardStatus.Held, CoreHarness.Staff, "Check the press kit first", (string?)null), (stillHeld!.Status, stillHeld.HeldBy, stillHeld.HoldReason, stillHeld.Jwt));

        Assert.Equal(AwardOutcome.Done, (await awards.ReleaseAsync("2026-OH", CancellationToken.None)).Outcome);
        Assert.Equal(["2026-OH"], (await awards.IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued.Select(a => a.Id));
        Assert.Empty((await awards.IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued);
        Assert.Equal(AwardOutcome.Refused, (await awards.HoldAsync("2026-OH", CoreHarness.Staff, "Too late", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_issued_award_keeps_its_level_and_each_takes_its_own_status_list_index()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        foreach (var code in Codes)
        {
            await harness.ReachAsync(code, RecognitionLevels.Participant);
        }

        await harness.RollUpAsync();
        var awards = harness.Awards();
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => awards.IssueAsync(AwardTesting.Year, CancellationToken.None)));

        Assert.Equal(Codes.Length, runs.Sum(r => r.Issued.Count));
        var issued = await harness.Get<AwardStore>().OfYearAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, Codes.Length), issued.Select(a => a.StatusIndex!.Value).Order());

        await harness.ReachAsync("OH", RecognitionLevels.Champion);
        await harness.RollUpAsync();
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal(RecognitionLevels.Participant, (await harness.Get<AwardStore>().FindAsync("2026-OH", CancellationToken.None))!.Level);
    }

    [Fact]
    public async Task An_issued_award_is_an_open_badge_credential_signed_with_es256_that_node_verifies()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        await harness.ReachAsync("OH", RecognitionLevels.Champion);
        await harness.RollUpAsync();
        await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);
        var award = Assert.Single((await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued);

        var checkedByNode = await NodeVerifier.VerifyAsync(harness.Get<BadgeSigner>().Jwks(), award.Jwt!);
        Assert.True(checkedByNode.GetProperty("valid").GetBoolean());
        var payload = JsonNode.Parse(checkedByNode.GetProperty("payload").GetRawText())!;
        var vc = payload["vc"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(award.Credential!), vc));
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], vc["@context"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], vc["type"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("https://cem.example.org/badges/2026-OH", (string?)vc["id"]);
        Assert.Equal("Profile", (string?)vc["issuer"]!["type"]![0]);
        Assert.Equal("AchievementSubject", (string?)vc["credentialSubject"]!["type"]![0]);
        Assert.Equal("https://cem.example.org/states/OH/cem", (string?)vc["credentialSubject"]!["id"]);
        var achievement = vc["credentialSubject"]!["achievement"]!;
        Assert.Equal(("Achievement", "CEM for States Champion"), ((string?)achievement["type"]![0], (string?)achievement["name"]));
        Assert.Equal(Recognition.CriteriaOf(RecognitionLevels.Champion, harness.Get<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Recognition.Defaults), (string?)achievement["criteria"]!["narrative"]);
        Assert.Contains("own CEM program published", (string?)achievement["criteria"]!["narrative"], StringComparison.Ordinal);
        Assert.Equal("https://cem.example.org/badge-images/champion.png", (string?)achievement["image"]!["id"]);
        Assert.Equal("https://cem.example.org/states/OH/data", (string?)vc["evidence"]![0]!["id"]);
        Assert.Contains("Events on the CEM calendar: 3; Own CEM program published: yes; Districts in the program: 2", (string?)vc["evidence"]![0]!["narrative"], StringComparison.Ordinal);
        Assert.Equal("2026-10-01T12:02:01Z", (string?)vc["validFrom"]);
        Assert.Equal(("BitstringStatusListEntry", "revocation", "0", "https://cem.example.org/status-lists/awards"),
            ((string?)vc["credentialStatus"]!["type"], (string?)vc["credentialStatus"]!["statusPurpose"], (string?)vc["credentialStatus"]!["statusListIndex"], (string?)vc["credentialStatus"]!["statusListCredential"]));

        // The VC-JWT claims of Open Badges 3.0 say what the credential says.
        Assert.Equal((string?)vc["issuer"]!["id"], (string?)payload["iss"]);
        Assert.Equal((string?)vc["credentialSubject"]!["id"], (string?)payload["sub"]);
        Assert.Equal((string?)vc["id"], (string?)payload["jti"]);
        Assert.Equal(DateTimeOffset.Parse((string)vc["validFrom"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), (long)payload["nbf"]!);
        Assert.Equal(("ES256", "JWT"), (checkedByNode.GetProperty("header").GetProperty("alg").GetString(), checkedByNode.GetProperty("header").GetProperty("typ").GetString()));
        Assert.True(harness.Awards().Verify(award).Valid);
    }

    [Fact]
    public async Task An_award_is_levelled_and_worded_with_its_own_editions_thresholds_after_the_next_edition_set_others()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        var editions = harness.Get<EditionStore>();
        await editions.SaveAsync(Edition.Default(AwardTesting.Year) with { Recognition = new RecognitionThresholds(2, 1) }, CancellationToken.None);
        await editions.SaveAsync(Edition.Default(AwardTesting.Year + 1) with { Recognition = new RecognitionThresholds(9, 9) }, CancellationToken.None);
        await harness.ReachAsync("OH", RecognitionLevels.Champion);
        await harness.RollUpAsync();
        Assert.Equal(RecognitionLevels.Champion, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);

        // The edition has closed: the rollup now levels with the next edition's thresholds, the award with its own.
        harness.Time.Advance(TimeSpan.FromDays(35));
        await harness.RollUpAsync();
        Assert.Equal(RecognitionLevels.Connected, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);
        Assert.Equal(AwardTesting.Year, await harness.Awards().ProposeClosedEditionAsync(CancellationToken.None));
        var award = Assert.Single((await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued);

        Assert.Equal(RecognitionLevels.Champion, award.Level);
        var checkedByNode = await NodeVerifier.VerifyAsync(harness.Get<BadgeSigner>().Jwks(), award.Jwt!);
        Assert.True(checkedByNode.GetProperty("valid").GetBoolean());
        var criteria = JsonNode.Parse(checkedByNode.GetProperty("payload").GetRawText())!["vc"]!["credentialSubject"]!["achievement"]!["criteria"]!;
        Assert.Equal(Recognition.CriteriaOf(RecognitionLevels.Champion, new RecognitionThresholds(2, 1)), (string?)criteria["narrative"]);
        Assert.Contains("at least 1 district in the state's program", (string?)criteria["narrative"], StringComparison.Ordinal);
        Assert.Contains("at least 2 events on the CEM calendar", (string?)criteria["narrative"], StringComparison.Ordinal);
        Assert.Equal("https://cem.example.org/badges?year=2026#champion", (string?)criteria["id"]);
    }

    [Fact]
    public async Task Revoking_sets_the_awards_bit_in_the_status_list_and_only_its_own()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        await harness.ReachAsync("OH", RecognitionLevels.Participant);
        await harness.ReachAsync("TX", RecognitionLevels.Participant);
        await harness.RollUpAsync();
        var awards = harness.Awards();
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);
        await awards.IssueAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Empty(AwardTesting.DecodeStatusList((string)(await awards.StatusListAsync(CancellationToken.None))["credentialSubject"]!["encodedList"]!));

        var revoked = await awards.RevokeAsync("2026-TX", "Issued in error", CancellationToken.None);
        var again = await awards.RevokeAsync("2026-TX", "Issued in error", CancellationToken.None);

        Assert.Equal((AwardOutcome.Done, AwardOutcome.AlreadyDone), (revoked.Outcome, again.Outcome));
        var list = await awards.StatusListAsync(CancellationToken.None);
        Assert.Equal([revoked.Award!.StatusIndex!.Value], AwardTesting.DecodeStatusList((string)list["credentialSubject"]!["encodedList"]!));
        Assert.Equal(("BitstringStatusList", "revocation"), ((string?)list["credentialSubject"]!["type"], (string?)list["credentialSubject"]!["statusPurpose"]));
        var verification = awards.Verify(revoked.Award);
        Assert.Equal((true, false, false), (verification.Verifies, verification.Current, verification.Valid));
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("signature")]
    [InlineData("other-key")]
    public async Task A_tampered_or_forged_credential_does_not_verify(string tamper)
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        await harness.ReachAsync("OH", RecognitionLevels.Participant);
        await harness.RollUpAsync();
        await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);
        var award = Assert.Single((await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued);
        var parts = award.Jwt!.Split('.');
        award.Jwt = tamper switch
        {
            "payload" => parts[0] + "." + Base64Url(award.Credential!.Replace("participant", "champion", StringComparison.Ordinal)) + "." + parts[2],
            "signature" => parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..],
            _ => await ForgedWithAnotherKeyAsync(award.Jwt!),
        };

        var verification = harness.Awards().Verify(award);

        Assert.False(verification.Verifies);
        Assert.False(verification.Valid);
        Assert.NotEmpty(verification.Problems);
    }

    private async Task<string> ForgedWithAnotherKeyAsync(string jwt)
    {
        // Another site signs the same claims, naming CEM's key id: only CEM's key may verify.
        await using var other = await AwardTesting.StartAsync(azurite);
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();
        return other.Get<BadgeSigner>().Sign(payload);
    }

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Pem_and_jwk_forms_of_a_key_are_the_same_key()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(true);
        var jwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = System.Buffers.Text.Base64Url.EncodeToString(p.Q.X), ["y"] = System.Buffers.Text.Base64Url.EncodeToString(p.Q.Y), ["d"] = System.Buffers.Text.Base64Url.EncodeToString(p.D) };

        Assert.True(SigningKey.TryLoad(key.ExportPkcs8PrivateKeyPem(), out var fromPem, out _));
        Assert.True(SigningKey.TryLoad(jwk.ToJsonString(), out var fromJwk, out _));
        Assert.Equal(SigningKey.Thumbprint(fromPem), SigningKey.Thumbprint(fromJwk));
        Assert.False(SigningKey.TryLoad("{\"kty\":\"EC\",\"crv\":\"P-384\"}", out _, out var problem));
        Assert.Contains("P-256", problem, StringComparison.Ordinal);
        fromPem.Dispose();
        fromJwk.Dispose();
    }

    [Fact]
    public async Task Without_a_signing_key_awards_are_proposed_but_none_is_issued()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => { s["Cem:Awards:SigningKey"] = ""; s["Cem:Awards:ReviewWindow"] = "00:00:00"; });
        await harness.ReachAsync("OH", RecognitionLevels.Participant);
        await harness.RollUpAsync();
        Assert.Single((await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None)).Proposals);

        var run = await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None);

        Assert.True(run.NoKey);
        Assert.Empty(run.Issued);
        Assert.Empty(harness.Get<BadgeSigner>().Jwks()["keys"]!.AsArray());
    }
}
