#include "status.hpp"

#include <cstring>

namespace hailort_node {

namespace {
struct Hint {
  const char* code;
  const char* text;
};

// Advice for the statuses a robot operator actually meets on a Raspberry Pi with the AI HAT+ 2.
constexpr Hint kHints[] = {
    {"HAILO_DEVICE_IN_USE",
     "Another process holds the Hailo device with an exclusive group id (HailoRT's default \"UNIQUE\"). Stop "
     "hailo-ollama or any other HailoRT app, or make every process use the same shared group id (default \"SHARED\")."},
    {"HAILO_OUT_OF_PHYSICAL_DEVICES",
     "No Hailo device was found. Check `hailortcli scan`, that the hailo1x_pci driver is loaded (`lsmod | grep hailo`) "
     "and that the AI HAT+ 2 is seated and enabled."},
    {"HAILO_HEF_NOT_SUPPORTED",
     "The HEF was compiled for a different HailoRT version. HEF, HailoRT library, firmware and driver versions must "
     "match (compare `hailortcli fw-control identify` with the HEF's model-zoo release)."},
    {"HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE",
     "The HEF was compiled for another Hailo architecture. Use a HEF built for hailo10h."},
    {"HAILO_INVALID_HEF", "The file is not a valid HEF. Check the path and re-download the model."},
    {"HAILO_HEF_FILE_CORRUPTED", "The HEF file is corrupted. Re-download the model."},
    {"HAILO_OPEN_FILE_FAILURE", "The model file could not be opened. Check the path and its permissions."},
    {"HAILO_INVALID_DRIVER_VERSION",
     "The hailo1x_pci driver does not match libhailort. Install matching versions (`sudo apt install hailo-h10-all`) "
     "and reboot."},
    {"HAILO_DRIVER_INVALID_RESPONSE",
     "The driver does not match libhailort. Install matching versions (`sudo apt install hailo-h10-all`) and reboot."},
    {"HAILO_DRIVER_INVALID_IOCTL",
     "The driver does not match libhailort. Install matching versions (`sudo apt install hailo-h10-all`) and reboot."},
    {"HAILO_UNSUPPORTED_FW_VERSION",
     "The device firmware does not match libhailort. Install matching HailoRT and firmware versions."},
    {"HAILO_DRIVER_NOT_INSTALLED", "The Hailo PCIe driver is not loaded. Install hailo-h10-all and reboot."},
    {"HAILO_TIMEOUT",
     "The device did not answer in time. Check that the chip is not overloaded or hung (`hailortcli scan`, dmesg); "
     "raise the timeout if the model is slow."},
    {"HAILO_DRIVER_TIMEOUT", "The driver timed out; the device may need a reset (reboot the Pi)."},
    {"HAILO_INVALID_OPERATION",
     "The device refused the operation. If loading an LLM: only one LLM/VLM can be loaded on the device at a time "
     "(\"KV-Cache already in use\") — close the other model or stop hailo-ollama."},
    {"HAILO_NOT_IMPLEMENTED",
     "This HailoRT call is not available on this device; the Hailo-10H supports only the C++ InferModel and GenAI APIs."},
    {"HAILO_OUT_OF_HOST_MEMORY", "The host ran out of memory. Close other models or reduce batch sizes."},
    {"HAILO_OUT_OF_HOST_CMA_MEMORY", "The host ran out of CMA memory. Reduce loaded models or reboot."},
    {"HAILO_OUT_OF_FW_MEMORY", "The device ran out of memory. Load fewer models at once."},
    {"HAILO_STREAM_ABORT", "The inference was aborted because its model was closed or shut down."},
    {"HAILO_OPERATION_ABORTED", "The operation was aborted."},
    {"HAILO_RPC_FAILED",
     "The link to the HailoRT server on the chip failed. Check dmesg and `hailortcli fw-control identify`; reboot if "
     "the device stopped answering."},
    {"HAILO_CONNECTION_REFUSED",
     "The HailoRT server on the chip refused the connection. Check the firmware is running (`hailortcli fw-control "
     "identify`)."},
    {"HAILO_COMMUNICATION_CLOSED", "The connection to the device was closed. Reopen the device."},
    {"HAILO_DEVICE_NOT_CONNECTED", "The device is not connected. Check `hailortcli scan`."},
    {"HAILO_DEVICE_TEMPORARILY_UNAVAILABLE", "The device is temporarily unavailable; retry shortly."},
    {"HAILO_INVALID_ARGUMENT", "An argument was rejected by HailoRT; check the model options (batch size, NMS settings)."},
    {"HAILO_INSUFFICIENT_BUFFER", "A buffer is too small; for an LLM the context is full: clear the context."},
    {"HAILORT_NODE_CLOSED", "The object was closed; open it again."},
    {"HAILORT_NODE_MODEL_FAILED",
     "HailoRT shuts a model down for good when a submission fails: reload the model (close it and load it again)."},
    {"HAILORT_NODE_GENERATION_IN_PROGRESS",
     "The LLM runs one generation at a time: finish or abort the running generation first."},
};
}  // namespace

const char* hint_for(const std::string& code) {
  for (const auto& h : kHints) {
    if (code == h.code) return h.text;
  }
  return "";
}

Status status_error(const std::string& code, const std::string& context) {
  std::string message = context + ": " + code;
  const char* hint = hint_for(code);
  if (std::strlen(hint) > 0) {
    message += ". ";
    message += hint;
  }
  return Status::error(code, std::move(message));
}

}  // namespace hailort_node
