// Progressive enhancement for the comments page. Without JavaScript the vote buttons and the reply
// form post and the server answers with a page; with it, votes update in place (announced to screen
// readers) and form errors appear beside their fields. Comment text is only ever set as textContent.
(() => {
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.id = "vote-status";
  document.body.append(status);

  const label = (up, count) => `Thumbs ${up ? "up" : "down"}, ${count} vote${count === 1 ? "" : "s"}`;

  function showVotes(item, answer) {
    for (const button of item.querySelectorAll("button.vote")) {
      const direction = button.dataset.direction;
      const up = direction === "up";
      const count = up ? answer.up : answer.down;
      const pressed = answer.direction === direction;
      button.querySelector(".count").textContent = String(count);
      button.setAttribute("aria-label", label(up, count));
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.form.elements.direction.value = pressed ? "none" : direction;
    }
  }

  for (const form of document.querySelectorAll("form.vote-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      const item = form.closest(".votes"); // this comment's own buttons, not those of the replies under it
      const direction = form.elements.direction.value;
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept": "application/json" },
          credentials: "same-origin",
          body: JSON.stringify({ direction }),
        });
        const answer = await response.json().catch(() => ({}));
        if (response.ok) {
          showVotes(item, answer);
          status.textContent = direction === "none" ? "Vote removed." : "Vote counted. " + label(button.dataset.direction === "up", button.dataset.direction === "up" ? answer.up : answer.down) + ".";
        } else {
          status.textContent = answer.detail || answer.title || "The vote could not be counted. Try again.";
        }
      } catch {
        status.textContent = "The vote could not be sent. Check your connection and try again.";
      } finally {
        button.disabled = false;
        button.focus();
      }
    });
  }

  const form = document.getElementById("comment-form");
  if (!form) return;
  const summary = document.getElementById("comment-error-summary");
  const anchors = { name: "comment-name", email: "comment-email", website: "comment-website", body: "comment-body", answer: "comment-answer", challenge: "comment-answer" };

  const clearErrors = () => cemFormErrors.clear(form, summary);
  const showErrors = (errors) =>
    cemFormErrors.show(form, summary, errors, (field) => anchors[field] || null, (field) => "comment-" + field + "-error");

  async function newChallenge() {
    const response = await fetch("/api/comments/challenge", { headers: { "Accept": "application/json" } });
    if (!response.ok) return;
    const challenge = await response.json();
    form.elements.challenge.value = challenge.token;
    document.getElementById("comment-question").textContent = challenge.question;
    form.elements.answer.value = "";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const data = new FormData(form);
    const body = {};
    for (const name of ["thread", "name", "email", "website", "body", "challenge", "answer", "url2"]) body[name] = data.get(name) || null;
    const { status, answer } = await cemFormErrors.postJson(form, body);
    if (status === 202) {
      location.assign("/comments/posted?thread=" + encodeURIComponent(body.thread) + "&status=" + encodeURIComponent(answer.status || "pending"));
    } else if (status === 0) {
      showErrors({ form: ["The comment could not be sent. Check your connection and try again."] });
    } else {
      const errors = answer.errors || { form: [answer.detail || answer.title || "The comment could not be sent. Try again."] };
      if (errors.answer || errors.challenge) await newChallenge().catch(() => {});
      showErrors(errors);
    }
  });
})();
