// Check-in by camera: frames from the rear camera are drawn on a canvas and read by jsQR
// (served from /static/vendor/jsqr/, installed from npm), so scanning works in every browser
// with a camera, not only where BarcodeDetector exists. A code found fills the check-in form
// and submits it; without a camera, or when permission is refused, typing the code still works.
(() => {
  "use strict";
  const root = document.getElementById("scanner");
  const form = document.getElementById("checkin-form");
  if (!root || !form) return;
  const button = root.querySelector("#scan-button");
  const status = root.querySelector("#scan-status");
  const video = root.querySelector("#scan-video");
  const canvas = root.querySelector("#scan-canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const input = form.querySelector("input[name=code]");
  const words = root.dataset;
  // Frames are scaled down before decoding: a phone's full frame is slow to read, a QR on a
  // ticket held up to the camera is large enough at this width.
  const MAX_WIDTH = 640;
  // The same code seen again within this time is the same ticket still in front of the camera.
  const REPEAT_MS = 4000;
  let stream = null;
  let last = { code: "", at: 0 };

  // Show one of the page's translated notes (data-* of #scanner), named by `key`.
  function say(key, kind) {
    status.textContent = words[key];
    status.dataset.state = key;
    status.className = `small mt-2 mb-0 text-${kind || "secondary"}`;
    status.hidden = false;
  }

  // Return the text of the QR code drawn on the canvas, or null.
  function decodeCanvas(source) {
    const image = source.getContext("2d").getImageData(0, 0, source.width, source.height);
    const found = window.jsQR(image.data, image.width, image.height, {
      inversionAttempts: "attemptBoth",
    });
    return found && found.data ? found.data : null;
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    delete form.dataset.scanning;
    status.hidden = true;
    button.textContent = words.start;
    button.setAttribute("aria-pressed", "false");
  }

  function found(code) {
    const now = Date.now();
    if (code === last.code && now - last.at < REPEAT_MS) return;
    last = { code, at: now };
    input.value = code;
    form.requestSubmit();
  }

  function tick() {
    if (!stream) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const code = decodeCanvas(canvas);
      if (code) found(code);
    }
    requestAnimationFrame(tick);
  }

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      say("noCamera", "danger");
      input.focus();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      });
    } catch (error) {
      stream = null;
      const refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
      say(refused ? "denied" : "noCamera", "danger");
      input.focus();
      return;
    }
    form.dataset.scanning = "1";
    video.srcObject = stream;
    video.hidden = false;
    button.textContent = words.stop;
    button.setAttribute("aria-pressed", "true");
    say("pointAt");
    await video.play().catch(() => {});
    requestAnimationFrame(tick);
  }

  button.addEventListener("click", () => (stream ? stop() : start()));
  window.addEventListener("pagehide", stop);
  button.hidden = false;
  // For tests and for a page that wants to read a picture of a ticket.
  window.checkinScanner = { decodeCanvas };
})();
