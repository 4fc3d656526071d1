using System.Net;
using Cem.Core.Clients;

namespace Cem.Tests.Clients;

public sealed class ClientHashingTests
{
    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("fe80::1%2", "fe80::/64")]
    public void The_client_address_is_the_connections_with_IPv6_taken_as_its_64(string remote, string expected) =>
        Assert.Equal(expected, ClientHashing.ClientAddress(IPAddress.Parse(remote)));

    [Fact]
    public void Two_addresses_in_one_IPv6_64_are_one_client_and_the_next_64_is_another()
    {
        var a = ClientHashing.ClientAddress(IPAddress.Parse("2001:db8:0:7::1"));
        var b = ClientHashing.ClientAddress(IPAddress.Parse("2001:db8:0:7:ffff::2"));
        var c = ClientHashing.ClientAddress(IPAddress.Parse("2001:db8:0:8::1"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void No_address_is_unknown() => Assert.Equal("unknown", ClientHashing.ClientAddress(null));
}
