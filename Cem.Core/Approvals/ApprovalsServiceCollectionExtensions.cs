using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Approvals;

public static class ApprovalsServiceCollectionExtensions
{
    /// <summary>Staff decisions on sign-ups: the Approve and Reject links and their emails.</summary>
    public static IServiceCollection AddCemApprovals(this IServiceCollection services)
    {
        services.AddSingleton<SignupDecision.Approve>();
        services.AddSingleton<SignupDecision.Reject>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<ApprovalEmails>();
        return services;
    }
}
