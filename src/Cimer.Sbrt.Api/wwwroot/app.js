// The Cimer.Sbrt page: plain JavaScript, no build step. It holds no data of its own: every call
// sends the bearer token the user pasted, kept in sessionStorage only (gone with the tab).
"use strict";

const TOKEN = "sbrt.token", CENTER = "sbrt.center";
const $ = (id) => document.getElementById(id);
const state = { center: null, weekFrom: null, day: null, urls: {} };

// A token handed over in the fragment (/?plan=...#token=...) never reaches the server: keep it, then drop it from the URL.
function takeTokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has("token")) {
    sessionStorage.setItem(TOKEN, fragment.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

const token = () => sessionStorage.getItem(TOKEN);

function showTokenState() {
  $("token-state").textContent = token() ? "Token set for this tab." : "Paste a bearer token to start.";
}

async function call(path, accept = "application/json") {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}`, Accept: accept } });
  if (!response.ok) {
    let detail = response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not a problem document */ }
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return accept === "application/json" ? response.json() : response.text();
}

function say(id, text, isError = false) {
  $(id).textContent = text;
  $(id).classList.toggle("error", isError);
}

// Inlines the SVG (so its <title> tooltips work) and offers it as a blob: URL to save.
async function picture(path, containerId, saveId, messageId) {
  say(messageId, "Loading…");
  try {
    const text = await call(path, "image/svg+xml");
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    if (svg.nodeName !== "svg") throw new Error("the answer is not an SVG picture");
    $(containerId).replaceChildren(document.importNode(svg, true));
    if (state.urls[saveId]) URL.revokeObjectURL(state.urls[saveId]);
    state.urls[saveId] = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    $(saveId).href = state.urls[saveId];
    say(messageId, "");
    return true;
  } catch (error) {
    $(containerId).replaceChildren();
    say(messageId, `Could not load the picture (${error.message}).`, true);
    return false;
  }
}

async function showPlan(planId, title) {
  $("plan-section").hidden = false;
  $("plan-title").textContent = title || "Plan";
  await picture(`/api/v1/plans/${encodeURIComponent(planId)}/chart.svg`, "plan", "plan-save", "plan-message");
}

async function listCenters() {
  try {
    const centers = await call("/api/v1/centers");
    const select = $("center-select");
    select.replaceChildren(...centers.map((c) => new Option(`${c.name} (${c.timeZone})`, c.id)));
    select.hidden = centers.length === 0;
    if (state.center && centers.some((c) => c.id === state.center)) select.value = state.center;
    select.onchange = () => { $("center-id").value = select.value; };
    if (!$("center-id").value && centers.length > 0) $("center-id").value = select.value;
  } catch (error) {
    say("center-message", `Centers could not be listed (${error.message}); enter a center id instead.`);
  }
}

function monday(isoDate) {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function showBoard() {
  $("board-section").hidden = false;
  const range = state.weekFrom ? `?from=${state.weekFrom}&to=${addDays(state.weekFrom, 6)}` : "";
  await picture(`/api/v1/centers/${encodeURIComponent(state.center)}/board.svg${range}`, "board", "board-save", "board-message");
}

function moveWeek(weeks) {
  const base = state.weekFrom || monday(state.day || new Date().toISOString().slice(0, 10));
  state.weekFrom = addDays(base, 7 * weeks);
  showBoard();
}

async function showPatients() {
  const list = $("patients");
  list.replaceChildren();
  say("patients-message", "Loading…");
  try {
    const page = await call(`/api/v1/patients?centerId=${encodeURIComponent(state.center)}`);
    for (const patient of page.items || []) {
      const button = document.createElement("button");
      button.type = "button";
      const name = document.createElement("span");
      name.textContent = patient.studyId;
      const facts = document.createElement("small");
      facts.textContent = `day 1 ${patient.dayOne}${patient.status ? ` · ${patient.status}` : ""}`;
      button.append(name, facts);
      button.onclick = () => openPatientPlan(patient, button);
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    say("patients-message", (page.items || []).length === 0 ? "No patients at this center yet." : "");
  } catch (error) {
    say("patients-message", `Patients could not be listed (${error.message}). Open a plan with /?plan={planId}.`, true);
  }
}

async function openPatientPlan(patient, button) {
  document.querySelectorAll(".patients button").forEach((b) => b.removeAttribute("aria-current"));
  button.setAttribute("aria-current", "true");
  try {
    const plan = await call(`/api/v1/patients/${encodeURIComponent(patient.id)}/plan`);
    await showPlan(plan.id, `${patient.studyId} · plan`);
  } catch (error) {
    $("plan-section").hidden = false;
    say("plan-message", `No plan to show for ${patient.studyId} (${error.message}).`, true);
  }
}

async function showWorklist() {
  const date = state.day || new Date().toISOString().slice(0, 10);
  $("worklist-title").textContent = `Worklist · ${date}`;
  const table = $("worklist"), body = table.querySelector("tbody");
  body.replaceChildren();
  try {
    const worklist = await call(`/api/v1/centers/${encodeURIComponent(state.center)}/worklist?date=${date}`);
    for (const f of worklist.fractions) {
      const row = body.insertRow();
      [f.start.slice(11, 16), f.studyId, f.lesionLabel, `${f.number}/5`, f.linacName].forEach((text) => { row.insertCell().textContent = text; });
      const status = row.insertCell();
      status.textContent = f.status + (f.pinned ? " · pinned" : "");
      status.className = `status ${f.status}`;
    }
    table.hidden = worklist.fractions.length === 0;
    const notes = [];
    if (worklist.fractions.length === 0) notes.push("No fractions on this day.");
    if (worklist.unconfirmed.length) notes.push(`${worklist.unconfirmed.length} past fraction(s) without a delivery record.`);
    if (worklist.needsAttention.length) notes.push(`Needs attention: ${worklist.needsAttention.map((p) => p.studyId).join(", ")}.`);
    if (worklist.protocolDeviations.length) notes.push(`Protocol deviation: ${worklist.protocolDeviations.map((p) => p.studyId).join(", ")}.`);
    say("worklist-message", notes.join(" "));
  } catch (error) {
    table.hidden = true;
    say("worklist-message", `The worklist could not be read (${error.message}).`, true);
  }
}

async function showCenter() {
  state.center = $("center-id").value.trim();
  state.day = $("day").value || null;
  if (!state.center) { say("center-message", "Pick a center or enter its id."); return; }
  sessionStorage.setItem(CENTER, state.center);
  say("center-message", "");
  $("lists").hidden = false;
  await Promise.all([showBoard(), showPatients(), showWorklist()]);
}

async function start() {
  takeTokenFromFragment();
  showTokenState();
  const query = new URLSearchParams(location.search);
  state.center = query.get("center") || sessionStorage.getItem(CENTER);
  state.day = query.get("date");
  if (state.day) { $("day").value = state.day; state.weekFrom = monday(state.day); }
  if (state.center) $("center-id").value = state.center;

  $("token-form").onsubmit = (event) => {
    event.preventDefault();
    const value = $("token").value.trim().replace(/^Bearer\s+/i, "");
    if (value) sessionStorage.setItem(TOKEN, value);
    $("token").value = "";
    showTokenState();
    listCenters();
  };
  $("forget").onclick = () => { sessionStorage.removeItem(TOKEN); showTokenState(); };
  $("center-form").onsubmit = (event) => { event.preventDefault(); state.weekFrom = $("day").value ? monday($("day").value) : null; showCenter(); };
  $("prev-week").onclick = () => moveWeek(-1);
  $("next-week").onclick = () => moveWeek(1);

  if (!token()) return;
  const work = [listCenters()];
  if (query.get("plan")) work.push(showPlan(query.get("plan")));
  if (query.get("center")) work.push(showCenter());
  await Promise.all(work);
}

start();
