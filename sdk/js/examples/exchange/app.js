// The exchange example: one class's order book and trades, a form to place orders signed with
// a dev key, and the signer's open orders with Cancel. Plain ES modules on the SDK's browser
// bundle (./sdk.js, from `npm run bundle`); no framework.
import { DEV_ACCOUNTS, DispatchError, Genex, devSigner, formatAmount } from "./sdk.js";

const PRICE_DECIMALS = 6; // prices are in the class's stablecoin (USDC/USDT, 6 decimals)
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const state = {
  genex: undefined,
  /** Bumped by every connect, so a slow connection that a newer one replaced is dropped. */
  generation: 0,
  stop: () => {},
  refreshing: false,
  again: false,
};

// ---- connection ----------------------------------------------------------------------------

function setStatus(kind, text) {
  $("status").dataset.state = kind;
  $("status").textContent = text;
}

async function connect(url) {
  const generation = ++state.generation;
  // The first connection is timed from page load, a later one from the click on Connect.
  const started = generation === 1 ? 0 : performance.now();
  state.stop();
  state.stop = () => {};
  state.genex = undefined;
  setStatus("connecting", `connecting to ${url}…`);
  let genex;
  try {
    genex = await Genex.connect(url);
  } catch (error) {
    if (generation === state.generation) setStatus("error", `${error.name}: ${error.message}`);
    return;
  }
  if (generation !== state.generation) return genex.destroy();
  state.genex = genex;
  $("timing").dataset.connectMs = String(Math.round(performance.now() - started));
  showTimings();
  setStatus("connected", `connected to ${url}`);
  // Redraw on every finalized block (what the runtime API reads), and every 2 s in case the
  // subscription stalls.
  const blocks = genex.client.client.finalizedBlock$.subscribe((block) => {
    $("block").textContent = `finalized #${block.number}`;
    refresh();
  });
  const timer = setInterval(refresh, 2000);
  state.stop = () => {
    blocks.unsubscribe();
    clearInterval(timer);
    genex.destroy();
  };
  refresh();
}

function showTimings() {
  const { connectMs, placeToInblockMs } = $("timing").dataset;
  $("timing").textContent =
    `connected in ${connectMs ?? "–"} ms` + (placeToInblockMs ? `, last order in a block ${placeToInblockMs} ms after Place` : "");
}

// ---- book, trades, open orders ---------------------------------------------------------------

/** Redraws everything; calls that arrive while a redraw runs fold into one more redraw. */
async function refresh() {
  if (!state.genex) return;
  if (state.refreshing) {
    state.again = true;
    return;
  }
  state.refreshing = true;
  try {
    do {
      state.again = false;
      await draw(state.genex);
    } while (state.again && state.genex);
  } catch (error) {
    // A dropped connection or a bad class id: say so, and keep the last good view.
    if (state.genex) setStatus("error", `refresh failed: ${error.message}`);
  } finally {
    state.refreshing = false;
  }
}

async function draw(genex) {
  const classId = Number($("class-id").value);
  const who = DEV_ACCOUNTS[$("signer").value].address;
  const [book, trades, orders] = await Promise.all([
    genex.market.book(classId, 10),
    genex.market.recentTrades(classId, 10),
    genex.market.openOrders(who),
  ]);
  if (genex !== state.genex) return;
  if ($("status").dataset.state === "error") setStatus("connected", "connected");
  drawLevels($("bids"), "bid", book.bids);
  drawLevels($("asks"), "ask", book.asks);
  $("trades").replaceChildren(
    ...trades.map((t) =>
      el("li", { "data-testid": "trade", "data-id": t.id, "data-price": formatAmount(t.price, PRICE_DECIMALS) },
        `#${t.id} ${classId}:${t.serial} at ${formatAmount(t.price, PRICE_DECIMALS)}${t.primary ? " (primary)" : ""}, ` +
        `${short(t.seller)} → ${short(t.buyer)}, ${new Date(Number(t.at)).toISOString().slice(11, 19)}`),
    ),
  );
  if (trades.length === 0) $("trades").replaceChildren(el("li", { class: "empty" }, "no trades yet"));
  const mine = orders.map((o) => {
    const price = formatAmount(o.price, PRICE_DECIMALS);
    const cancel = el("button", { "data-testid": "cancel", type: "button" }, "Cancel");
    cancel.addEventListener("click", () => cancelOrder(o.id, cancel));
    return el("li", { "data-testid": "open-order", "data-id": o.id, "data-class": o.class, "data-side": o.side, "data-price": price, "data-remaining": o.remaining },
      `order ${o.id}: class ${o.class} ${o.side} ${o.remaining} at ${price} `, cancel);
  });
  $("open-orders").replaceChildren(...(mine.length ? mine : [el("li", { class: "empty" }, "none")]));
}

function drawLevels(tbody, side, levels) {
  const rows = levels.map(({ price, quantity }) => {
    const text = formatAmount(price, PRICE_DECIMALS);
    return el("tr", { "data-testid": "level", "data-side": side, "data-price": text, "data-quantity": quantity },
      el("td", {}, text), el("td", {}, String(quantity)));
  });
  tbody.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: 2 }, `no ${side}s`))]));
}

// ---- placing and cancelling ------------------------------------------------------------------

/** `onProgress` for a transaction: the stages so far, the last one in `data-stage`. */
function tracker(action, onInBlock) {
  const stages = [];
  $("progress").dataset.action = action;
  $("progress").dataset.stage = "signing";
  $("progress").textContent = `${action}: signing…`;
  return (p) => {
    stages.push(p.block ? `${p.stage} #${p.block.number}` : p.stage);
    $("progress").dataset.stage = p.stage;
    $("progress").textContent = `${action} ${p.txHash.slice(0, 10)}…: ${stages.join(" → ")}`;
    if (p.stage === "inBlock") onInBlock?.();
  };
}

function showError(error) {
  // A DispatchError names the runtime error (`Settlement.AboveFaceValue`) and carries its docs;
  // other SDK errors (InvalidInputError, RefusedError…) say what is wrong in their message.
  const name = error instanceof DispatchError ? error.error : error.name;
  const box = $("error");
  box.dataset.error = name;
  box.dataset.kind = error.name;
  box.querySelector(".name").textContent = name;
  box.querySelector(".docs").textContent = error instanceof DispatchError ? error.docs : error.message;
  box.hidden = false;
  $("progress").dataset.stage = "failed";
}

function clearError() {
  const box = $("error");
  box.hidden = true;
  delete box.dataset.error;
  delete box.dataset.kind;
}

async function placeOrder() {
  const genex = state.genex;
  clearError();
  if (!genex) return showError(new Error("not connected"));
  const side = $("side").value;
  const order = { class: Number($("class-id").value), side, price: $("price").value.trim() };
  if (side === "bid") order.quantity = Number($("quantity").value);
  else order.coupons = $("coupons").value.split(",").map((c) => c.trim()).filter(Boolean);
  const clicked = performance.now();
  delete $("timing").dataset.placeToInblockMs;
  $("place").disabled = true;
  try {
    const placed = await genex.market.placeOrder(devSigner($("signer").value), order, {
      onProgress: tracker("place", () => {
        $("timing").dataset.placeToInblockMs = String(Math.round(performance.now() - clicked));
        showTimings();
      }),
    });
    const rests = placed.restingOrder === undefined ? "nothing rests" : `order ${placed.restingOrder} rests`;
    $("progress").textContent += ` (${placed.fills.length} traded, ${rests})`;
  } catch (error) {
    showError(error);
  } finally {
    $("place").disabled = false;
    refresh();
  }
}

async function cancelOrder(id, button) {
  const genex = state.genex;
  clearError();
  if (!genex) return showError(new Error("not connected"));
  button.disabled = true;
  try {
    await genex.market.cancelOrder(devSigner($("signer").value), id, { onProgress: tracker(`cancel order ${id}`) });
  } catch (error) {
    showError(error);
    button.disabled = false;
  } finally {
    refresh();
  }
}

// ---- helpers and wiring ----------------------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

const short = (address) => `${address.slice(0, 6)}…${address.slice(-4)}`;

for (const [name, account] of Object.entries(DEV_ACCOUNTS)) $("signer").add(new Option(`${name} (${short(account.address)})`, name));
$("signer").value = params.get("signer") ?? "alith";
$("node-url").value = params.get("node") ?? "ws://127.0.0.1:9944";
$("class-id").value = params.get("class") ?? "0";

$("connect-form").addEventListener("submit", (event) => {
  event.preventDefault();
  connect($("node-url").value.trim());
});
$("order-form").addEventListener("submit", (event) => {
  event.preventDefault();
  placeOrder();
});
$("side").addEventListener("change", () => {
  const bid = $("side").value === "bid";
  $("quantity-field").hidden = !bid;
  $("coupons-field").hidden = bid;
});
// Another class or signer: redraw now rather than at the next block.
$("class-id").addEventListener("input", refresh);
$("signer").addEventListener("change", refresh);

connect($("node-url").value);
