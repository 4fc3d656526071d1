// Progressive enhancement: without JavaScript the form posts and the server answers with a page.
// With it, errors appear beside their fields without a reload and are announced to screen readers.
(() => {
  const form = document.getElementById("signup-form");
  if (!form) return;
  const summary = document.getElementById("error-summary");

  const clearErrors = () => cemFormErrors.clear(form, summary);
  const showErrors = (errors) => cemFormErrors.show(form, summary, errors, (field) => field, (field) => field + "-error");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const data = new FormData(form);
    const body = {
      jurisdiction: data.get("jurisdiction"),
      organizationName: data.get("organizationName"),
      organizationType: data.get("organizationType"),
      contactName: data.get("contactName"),
      contactTitle: data.get("contactTitle"),
      email: data.get("email"),
      phone: data.get("phone") || null,
      activities: data.getAll("activities"),
      consent: data.get("consent") === "true",
    };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 202) {
        location.assign("/signup/thanks?id=" + encodeURIComponent(answer.id));
        return;
      }
      showErrors(answer.errors || { "signup-form": [answer.detail || answer.title || "The sign-up could not be sent. Try again."] });
    } catch {
      showErrors({ "signup-form": ["The sign-up could not be sent. Check your connection and try again."] });
    } finally {
      button.disabled = false;
    }
  });
})();
