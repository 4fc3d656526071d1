using Cem.Core.Approvals;

namespace Cem.Tests.Approvals;

public sealed class OfficialDomainTests
{
    [Theory]
    [InlineData("pat@education.ohio.gov", true)]
    [InlineData("pat@doe.k12.ga.us", true)]
    [InlineData("pat@state.oh.us", true)]
    [InlineData("pat@k12.wa.us", true)]
    [InlineData("pat@district.k12.or.us", true)]
    [InlineData("pat@gmail.com", false)]
    [InlineData("pat@ohio.gov.example.com", false)]
    [InlineData("pat@example.us", false)]
    [InlineData("pat@k12.example.com", false)]
    [InlineData("pat@district.k12.evil.org", false)]
    [InlineData("pat@k12.zz.us", false)]
    public void Official_domains_are_hinted(string email, bool official) =>
        Assert.Equal(official, OfficialDomain.LooksOfficial(email));
}
