// The real device: HailoRT >= 5.1.1 C++ API on a Hailo-10H (the C API and vstreams are not available
// there). One VDevice per process with a shared group id and round-robin scheduling; vision models
// through InferModel/ConfiguredInferModel with asynchronous inference; the GenAI LLM on the same
// VDevice.
#include <hailo/hailort.hpp>
#include <hailo/genai/llm/llm.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <unordered_set>
#include <mutex>
#include <set>
#include <thread>
#include <type_traits>

#include "../port/device_port.hpp"
#include "../port/generation_driver.hpp"

namespace hailort_node {

namespace {

using namespace std::chrono_literals;

std::string status_name(hailo_status status) {
  switch (status) {
#define HAILO_STATUS__X(value, name) \
  case name:                         \
    return #name;
    HAILO_STATUS_VARIABLES
#undef HAILO_STATUS__X
    default:
      return "HAILO_STATUS_" + std::to_string(int(status));
  }
}

Status from_hailo(hailo_status status, const std::string& context) {
  if (status == HAILO_SUCCESS) return Status::success();
  return status_error(status_name(status), context);
}

std::string format_type_name(hailo_format_type_t t) {
  switch (t) {
    case HAILO_FORMAT_TYPE_UINT8:
      return "uint8";
    case HAILO_FORMAT_TYPE_UINT16:
      return "uint16";
    case HAILO_FORMAT_TYPE_FLOAT32:
      return "float32";
    default:
      return "auto";
  }
}

std::string format_order_name(hailo_format_order_t o) {
  switch (o) {
    case HAILO_FORMAT_ORDER_NHWC:
      return "NHWC";
    case HAILO_FORMAT_ORDER_NHCW:
      return "NHCW";
    case HAILO_FORMAT_ORDER_FCR:
      return "FCR";
    case HAILO_FORMAT_ORDER_F8CR:
      return "F8CR";
    case HAILO_FORMAT_ORDER_NHW:
      return "NHW";
    case HAILO_FORMAT_ORDER_NC:
      return "NC";
    case HAILO_FORMAT_ORDER_NCHW:
      return "NCHW";
    case HAILO_FORMAT_ORDER_HAILO_NMS_BY_CLASS:
      return "NMS_BY_CLASS";
    case HAILO_FORMAT_ORDER_HAILO_NMS_BY_SCORE:
      return "NMS_BY_SCORE";
    case HAILO_FORMAT_ORDER_HAILO_NMS_WITH_BYTE_MASK:
      return "NMS_WITH_BYTE_MASK";
    default:
      return "ORDER_" + std::to_string(int(o));
  }
}

// HailoRT 5.1.1 names the architecture after HAILO10H `HAILO_ARCH_MARS`; 5.2.0 renamed it
// `HAILO_ARCH_HAILO12L` (same value). The installed headers carry no version macro
// (HAILORT_MAJOR_VERSION and friends are compile definitions of libhailort's own build only), so the
// name is detected on the enum itself: `E::NAME` is a substitution failure when the enumerator is absent.
template <typename E, typename = void>
struct has_arch_hailo12l : std::false_type {};
template <typename E>
struct has_arch_hailo12l<E, std::void_t<decltype(E::HAILO_ARCH_HAILO12L)>> : std::true_type {};

template <typename E>
constexpr E arch_hailo12l() {
  if constexpr (has_arch_hailo12l<E>::value) {
    return E::HAILO_ARCH_HAILO12L;
  } else {
    return E::HAILO_ARCH_MARS;
  }
}

constexpr hailo_device_architecture_t kArchHailo12L = arch_hailo12l<hailo_device_architecture_t>();

std::string architecture_name(hailo_device_architecture_t a) {
  switch (a) {
    case HAILO_ARCH_HAILO8_A0:
      return "HAILO8_A0";
    case HAILO_ARCH_HAILO8:
      return "HAILO8";
    case HAILO_ARCH_HAILO8L:
      return "HAILO8L";
    case HAILO_ARCH_HAILO15H:
      return "HAILO15H";
    case HAILO_ARCH_HAILO15L:
      return "HAILO15L";
    case HAILO_ARCH_HAILO15M:
      return "HAILO15M";
    case HAILO_ARCH_HAILO10H:
      return "HAILO10H";
    case kArchHailo12L:
      return "HAILO12L";
    default:
      return "ARCH_" + std::to_string(int(a));
  }
}

StreamInfo describe(const hailort::InferModel::InferStream& s) {
  StreamInfo info;
  info.name = s.name();
  const hailo_3d_image_shape_t shape = s.shape();
  info.height = shape.height;
  info.width = shape.width;
  info.features = shape.features;
  const hailo_format_t format = s.format();
  info.format_type = format_type_name(format.type);
  info.format_order = format_order_name(format.order);
  info.frame_size = s.get_frame_size();
  for (const auto& q : s.get_quant_infos()) info.quant_infos.push_back({q.qp_zp, q.qp_scale, q.limvals_min, q.limvals_max});
  if (s.is_nms()) {
    auto nms = s.get_nms_shape();
    if (nms.has_value()) {
      info.is_nms = true;
      info.nms_classes = nms.value().number_of_classes;
      info.nms_max_boxes_per_class = nms.value().max_bboxes_per_class;
    }
  }
  return info;
}

// Per-job HailoRT state kept alive until the completion callback has run.
struct JobBindings {
  hailort::ConfiguredInferModel::Bindings bindings;
};

// What the completion callbacks need alive. HailoRT's own wrapper around our callback uses the
// ConfiguredInferModel (the RPC client's transfer counter on the Hailo-10H, the pipeline on
// in-process devices), so the configured model, its InferModel and the VDevice stay alive until
// the last callback has run, even when close() stops waiting for a frame the device never returns.
struct ModelCore {
  std::shared_ptr<hailort::VDevice> vdevice;  // destroyed last
  std::shared_ptr<hailort::InferModel> infer_model;
  hailort::ConfiguredInferModel configured;
};

// Frames on the device, shared with the completion callbacks (which never touch the model object).
struct Flight {
  std::mutex mutex;
  std::condition_variable changed;
  std::unordered_set<InferJob*> jobs;  // submitted and not yet completed
  size_t callbacks_due = 0;            // run_async calls whose callback has not run yet
  bool closing = false;                // after shutdown(), a failed frame reports "closed"
  // Set by close() when it stopped waiting: released by the last callback, on a thread of its own
  // (destroying the configured model sends an RPC, which must not run on HailoRT's RPC thread).
  std::shared_ptr<ModelCore> parked;
};

// A vision model: jobs are queued here and fed to HailoRT by one submit thread, which keeps at most
// get_async_queue_size() frames on the device by counting them (no polling wait_for_async_ready,
// whose every timeout HailoRT logs as an error); completions arrive on HailoRT's RPC thread and only
// hand off.
class HailortModel final : public Model {
 public:
  HailortModel(std::shared_ptr<ModelCore> core, ModelInfo info, std::string path)
      : core_(std::move(core)), info_(std::move(info)), path_(std::move(path)), queue_size_(std::max<uint32_t>(1, info_.async_queue_size)) {
    thread_ = std::thread([this] { feed(); });
  }

  ~HailortModel() override { close(); }

  const ModelInfo& info() const override { return info_; }

  void submit(std::shared_ptr<InferJob> job) override {
    Status rejected;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closing_) {
        rejected = status_error(kClosed, path_ + ": model closed");
      } else if (!failed_.ok()) {
        rejected = failed_;
      } else {
        queue_.push_back(std::move(job));
        cv_.notify_all();
        return;
      }
    }
    job->complete(rejected);
  }

  void close() override {
    std::deque<std::shared_ptr<InferJob>> dropped;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closing_) return;
      closing_ = true;
      dropped.swap(queue_);
    }
    cv_.notify_all();
    {
      std::lock_guard<std::mutex> lock(flight_->mutex);
      flight_->closing = true;
    }
    flight_->changed.notify_all();
    for (auto& j : dropped) j->complete(status_error(kClosed, path_ + ": model closed while the inference was queued"));
    if (thread_.joinable()) thread_.join();
    // Aborts frames still on the device: their callbacks report them closed.
    core_->configured.shutdown();
    std::unique_lock<std::mutex> lock(flight_->mutex);
    if (!flight_->changed.wait_for(lock, 10s, [&] { return flight_->callbacks_due == 0; })) {
      for (InferJob* j : flight_->jobs) j->complete(status_error("HAILO_TIMEOUT", path_ + ": the device did not return the frame before close"));
      flight_->jobs.clear();
      flight_->parked = std::move(core_);  // the last late callback releases it
      return;
    }
    lock.unlock();
    core_.reset();
  }

 private:
  void feed() {
    for (;;) {
      std::shared_ptr<InferJob> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (closing_) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      {
        // Room on the device: fewer frames in flight than HailoRT's async queue holds.
        std::unique_lock<std::mutex> lock(flight_->mutex);
        flight_->changed.wait(lock, [&] { return flight_->closing || flight_->callbacks_due < queue_size_; });
        if (flight_->closing) {
          lock.unlock();
          job->complete(status_error(kClosed, path_ + ": model closed while the inference was queued"));
          continue;
        }
      }
      // HailoRT frees a slot before it calls the completion callback, so this returns at once; the
      // long timeout only guards a device that stopped answering.
      hailo_status ready = HAILO_TIMEOUT;
      while (ready == HAILO_TIMEOUT && !closing()) ready = core_->configured.wait_for_async_ready(1s);
      if (closing()) {
        job->complete(status_error(kClosed, path_ + ": model closed while the inference was queued"));
        continue;
      }
      if (ready != HAILO_SUCCESS) {
        job->complete(from_hailo(ready, path_ + ": wait_for_async_ready"));
        continue;
      }
      bool run_async_failed = false;
      if (Status s = start(job, &run_async_failed); !s.ok()) {
        if (run_async_failed) {
          fail_model(job, s);
        } else {
          job->complete(s);
        }
      }
    }
  }

  bool closing() {
    std::lock_guard<std::mutex> lock(mutex_);
    return closing_;
  }

  // HailoRT shuts the configured model down for good when run_async fails: every later inference
  // rejects with a message that names the model and says to reload it.
  void fail_model(const std::shared_ptr<InferJob>& job, const Status& cause) {
    std::deque<std::shared_ptr<InferJob>> dropped;
    Status failed = status_error(kModelFailed, path_ + ": the model was shut down after a failed submission (" + cause.code + "); reload the model");
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (failed_.ok()) failed_ = failed;
      dropped.swap(queue_);
    }
    job->complete(Status::error(cause.code, cause.message + "; HailoRT shut the model down: reload the model"));
    for (auto& j : dropped) j->complete(failed);
  }

  Status start(const std::shared_ptr<InferJob>& job, bool* run_async_failed) {
    auto bindings = core_->configured.create_bindings();
    if (!bindings.has_value()) return from_hailo(bindings.status(), path_ + ": create_bindings");
    auto state = std::make_shared<JobBindings>(JobBindings{bindings.release()});
    for (size_t i = 0; i < info_.inputs.size(); ++i) {
      auto stream = state->bindings.input(info_.inputs[i].name);
      if (!stream.has_value()) return from_hailo(stream.status(), path_ + ": binding input '" + info_.inputs[i].name + "'");
      hailo_status st = stream.value().set_buffer(hailort::MemoryView(job->inputs[i].data(), info_.inputs[i].frame_size));
      if (st != HAILO_SUCCESS) return from_hailo(st, path_ + ": set_buffer input '" + info_.inputs[i].name + "'");
    }
    for (size_t i = 0; i < info_.outputs.size(); ++i) {
      auto stream = state->bindings.output(info_.outputs[i].name);
      if (!stream.has_value()) return from_hailo(stream.status(), path_ + ": binding output '" + info_.outputs[i].name + "'");
      hailo_status st = stream.value().set_buffer(hailort::MemoryView(job->outputs[i].data(), info_.outputs[i].frame_size));
      if (st != HAILO_SUCCESS) return from_hailo(st, path_ + ": set_buffer output '" + info_.outputs[i].name + "'");
    }
    job->device_state = state;  // the bindings (and buffers, owned by the job) outlive the device's use
    {
      std::lock_guard<std::mutex> lock(flight_->mutex);
      flight_->jobs.insert(job.get());
      flight_->callbacks_due++;
    }
    // Runs on HailoRT's RPC thread: only hand the job off (a non-blocking queue push), never block.
    auto async_job = core_->configured.run_async(state->bindings, [flight = flight_, job, path = path_](const hailort::AsyncInferCompletionInfo& completion) {
      std::shared_ptr<ModelCore> release;
      {
        std::lock_guard<std::mutex> lock(flight->mutex);
        if (flight->jobs.erase(job.get()) != 0) {
          if (completion.status != HAILO_SUCCESS && flight->closing) {
            job->complete(status_error(kClosed, path + ": model closed while the frame was on the device"));
          } else {
            job->complete(from_hailo(completion.status, path + ": inference"));
          }
        }
        flight->callbacks_due--;
        if (flight->callbacks_due == 0 && flight->parked) release = std::move(flight->parked);
      }
      flight->changed.notify_all();
      if (release) std::thread([core = std::move(release)]() mutable { core.reset(); }).detach();
    });
    if (!async_job.has_value()) {
      std::lock_guard<std::mutex> lock(flight_->mutex);
      flight_->jobs.erase(job.get());
      flight_->callbacks_due--;
      *run_async_failed = true;
      return from_hailo(async_job.status(), path_ + ": run_async");
    }
    // Without detach the job's destructor would block until the frame completes.
    async_job.value().detach();
    return Status::success();
  }

  std::shared_ptr<ModelCore> core_;
  ModelInfo info_;
  std::string path_;
  const uint32_t queue_size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<InferJob>> queue_;
  bool closing_ = false;
  Status failed_;
  std::shared_ptr<Flight> flight_ = std::make_shared<Flight>();
  std::thread thread_;
};

// ---- GenAI LLM ----

class HailortLlm;

// Every call on the completion (generate, read, abort) happens on this generation's own thread.
class HailortGeneration final : public Generation {
 public:
  HailortGeneration(std::shared_ptr<HailortLlm> llm, std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms,
                    GenerationSink sink);
  ~HailortGeneration() override {
    request_abort();
    if (thread_.joinable()) thread_.join();
  }
  void request_abort() override { abort_.store(true); }

 private:
  void run(std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms, GenerationSink sink);
  std::shared_ptr<HailortLlm> llm_;
  std::atomic<bool> abort_{false};
  std::thread thread_;
};

class HailortLlm final : public Llm, public std::enable_shared_from_this<HailortLlm> {
 public:
  HailortLlm(std::shared_ptr<hailort::VDevice> vdevice, std::unique_ptr<hailort::genai::LLM> llm, std::string path)
      : vdevice_(std::move(vdevice)), llm_(std::move(llm)), path_(std::move(path)) {}

  Status start_generation(std::vector<std::string> messages_json, GenerationParams params, uint32_t token_timeout_ms, GenerationSink sink,
                          std::unique_ptr<Generation>* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!llm_) return status_error(kClosed, path_ + ": generate");
    if (active_) return status_error(kGenerationInProgress, path_ + ": generate");
    active_ = true;
    stats_.generations++;
    *out = std::make_unique<HailortGeneration>(shared_from_this(), std::move(messages_json), std::move(params), token_timeout_ms, std::move(sink));
    return Status::success();
  }

  Status clear_context() override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (Status s = idle("clearContext"); !s.ok()) return s;
    return from_hailo(llm_->clear_context(), path_ + ": clear_context");
  }

  Status save_context(std::vector<uint8_t>* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (Status s = idle("saveContext"); !s.ok()) return s;
    auto buffer = llm_->save_context();
    if (!buffer.has_value()) return from_hailo(buffer.status(), path_ + ": save_context");
    hailort::BufferPtr b = buffer.release();
    out->assign(b->data(), b->data() + b->size());
    return Status::success();
  }

  Status load_context(const std::vector<uint8_t>& context) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (Status s = idle("loadContext"); !s.ok()) return s;
    // MemoryView takes a mutable pointer; load_context only reads it.
    std::vector<uint8_t> copy = context;
    return from_hailo(llm_->load_context(hailort::MemoryView(copy.data(), copy.size())), path_ + ": load_context");
  }

  Status context_usage(size_t* used, size_t* capacity) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!llm_) return status_error(kClosed, path_ + ": contextUsage");
    auto u = llm_->get_context_usage_size();
    if (!u.has_value()) return from_hailo(u.status(), path_ + ": get_context_usage_size");
    auto c = llm_->max_context_capacity();
    if (!c.has_value()) return from_hailo(c.status(), path_ + ": max_context_capacity");
    *used = u.value();
    *capacity = c.value();
    return Status::success();
  }

  Status tokenize(const std::string& text, std::vector<int>* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!llm_) return status_error(kClosed, path_ + ": tokenize");
    auto ids = llm_->tokenize(text);
    if (!ids.has_value()) return from_hailo(ids.status(), path_ + ": tokenize");
    *out = ids.release();
    return Status::success();
  }

  LlmStats stats() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  void close() override {
    std::unique_lock<std::mutex> lock(mutex_);
    // A running generation is aborted by its owner first; wait until its thread let go of the LLM.
    idle_cv_.wait_for(lock, 30s, [&] { return !active_; });
    llm_.reset();  // frees the device-side KV cache so another LLM can load
  }

  // Generation thread side.
  hailort::genai::LLM* model() { return llm_.get(); }
  const std::string& path() const { return path_; }
  void count_token() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.tokens++;
  }
  void end_generation(bool aborted, uint64_t abort_requests) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      active_ = false;
      if (aborted) stats_.aborted++;
      stats_.abort_requests += abort_requests;
    }
    idle_cv_.notify_all();
  }

 private:
  Status idle(const char* what) const {
    if (!llm_) return status_error(kClosed, path_ + ": " + what);
    if (active_) return status_error(kGenerationInProgress, path_ + ": " + what);
    return Status::success();
  }

  std::shared_ptr<hailort::VDevice> vdevice_;
  std::unique_ptr<hailort::genai::LLM> llm_;
  std::string path_;
  mutable std::mutex mutex_;
  std::condition_variable idle_cv_;
  bool active_ = false;
  LlmStats stats_;
};

HailortGeneration::HailortGeneration(std::shared_ptr<HailortLlm> llm, std::vector<std::string> messages, GenerationParams params,
                                     uint32_t token_timeout_ms, GenerationSink sink)
    : llm_(std::move(llm)) {
  thread_ = std::thread([this, m = std::move(messages), p = std::move(params), token_timeout_ms, s = std::move(sink)]() mutable {
    run(std::move(m), std::move(p), token_timeout_ms, std::move(s));
  });
}

// HailoRT's completion behind the port's Completion (see port/generation_driver.hpp for its rules).
class HailortCompletion final : public Completion {
 public:
  using Native = hailort::genai::LLMGeneratorCompletion;
  HailortCompletion(Native native, std::string path) : native_(std::move(native)), path_(std::move(path)) {}

  TokenRead read(std::chrono::milliseconds timeout) override {
    auto token = native_.read(timeout);
    if (!token.has_value()) {
      if (token.status() == HAILO_TIMEOUT) return {Status::error("HAILO_TIMEOUT", path_ + ": read"), {}};
      return {from_hailo(token.status(), path_ + ": reading a token"), {}};
    }
    return {Status::success(), token.release()};
  }
  Status abort() override { return from_hailo(native_.abort(), path_ + ": abort"); }
  CompletionState state() const override {
    switch (native_.generation_status()) {
      case Native::Status::GENERATING:
        return CompletionState::Generating;
      case Native::Status::MAX_TOKENS_REACHED:
        return CompletionState::MaxTokens;
      case Native::Status::ABORTED:
        return CompletionState::Aborted;
      default:
        return CompletionState::LogicalEnd;
    }
  }

 private:
  Native native_;
  std::string path_;
};

void HailortGeneration::run(std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms, GenerationSink sink) {
  const std::string& path = llm_->path();
  GenerationOutcome outcome;
  {
    hailort::genai::LLM* model = llm_->model();
    auto start = [&]() -> Status {
      auto defaults = model->create_generator_params();
      if (!defaults.has_value()) return from_hailo(defaults.status(), path + ": create_generator_params");
      hailort::genai::LLMGeneratorParams gp = defaults.release();
      hailo_status st = HAILO_SUCCESS;
      if (params.temperature && st == HAILO_SUCCESS) st = gp.set_temperature(*params.temperature);
      if (params.top_p && st == HAILO_SUCCESS) st = gp.set_top_p(*params.top_p);
      if (params.top_k && st == HAILO_SUCCESS) st = gp.set_top_k(*params.top_k);
      if (params.frequency_penalty && st == HAILO_SUCCESS) st = gp.set_frequency_penalty(*params.frequency_penalty);
      if (params.max_generated_tokens && st == HAILO_SUCCESS) st = gp.set_max_generated_tokens(*params.max_generated_tokens);
      if (params.do_sample && st == HAILO_SUCCESS) st = gp.set_do_sample(*params.do_sample);
      if (params.seed && st == HAILO_SUCCESS) st = gp.set_seed(*params.seed);
      if (st != HAILO_SUCCESS) return from_hailo(st, path + ": generation parameters");
      // Applies the model's chat template to the JSON messages and starts generating.
      auto started = model->generate(gp, messages);
      if (!started.has_value()) return from_hailo(started.status(), path + ": generate");
      outcome = drive_generation(std::make_unique<HailortCompletion>(started.release(), path), abort_, std::chrono::milliseconds(token_timeout_ms),
                                 [&](std::string token) {
                                   llm_->count_token();
                                   sink(GenerationEvent::of_token(std::move(token)));
                                 },
                                 path);
      return Status::success();
    };
    if (Status s = start(); !s.ok()) outcome.error = s;
  }
  // The completion is gone (nothing left that could abort on the device): only now is the LLM idle,
  // and the final event is the thread's last action, so joining it never waits on the device.
  llm_->end_generation(outcome.abort_sent || std::string(outcome.reason) == "aborted", outcome.abort_requests);
  sink(outcome.error.ok() ? GenerationEvent::of_end(outcome.reason) : GenerationEvent::of_error(std::move(outcome.error)));
}

// ---- device ----

class HailortDevice final : public Device {
 public:
  HailortDevice(std::shared_ptr<hailort::VDevice> vdevice, std::string group_id) : vdevice_(std::move(vdevice)), group_id_(std::move(group_id)) {}

  Status identity(DeviceIdentity* out) override {
    out->kind = "hailort";
    out->group_id = group_id_;
    out->library_version = hailort_library_version();
    hailort::Device* device = nullptr;
    std::shared_ptr<hailort::VDevice> keep;
    if (Status s = physical(&device, &keep); !s.ok()) return s;
    auto id = device->identify();
    if (!id.has_value()) return from_hailo(id.status(), "identify");
    const hailo_device_identity_t& i = id.value();
    out->serial.assign(i.serial_number, i.serial_number_length);
    out->board_name.assign(i.board_name, i.board_name_length);
    out->product_name.assign(i.product_name, i.product_name_length);
    out->architecture = architecture_name(i.device_architecture);
    out->firmware_version = std::to_string(i.fw_version.major) + "." + std::to_string(i.fw_version.minor) + "." + std::to_string(i.fw_version.revision);
    return Status::success();
  }

  Reading temperature() override {
    Reading r;
    hailort::Device* device = nullptr;
    std::shared_ptr<hailort::VDevice> keep;
    if (Status s = physical(&device, &keep); !s.ok()) return unavailable(s.message);
    auto t = device->get_chip_temperature();
    if (!t.has_value()) return unavailable("get_chip_temperature: " + status_name(t.status()));
    r.available = true;
    r.values = {{"ts0", t.value().ts0_temperature}, {"ts1", t.value().ts1_temperature}, {"samples", double(t.value().sample_count)}};
    return r;
  }

  DeviceStats stats() override {
    DeviceStats s;
    hailort::Device* device = nullptr;
    std::shared_ptr<hailort::VDevice> keep;
    if (Status st = physical(&device, &keep); !st.ok()) {
      s.health = s.performance = s.power = unavailable(st.message);
      return s;
    }
    // -1 marks a value the device could not read; those are left out.
    auto add = [](Reading& r, const char* name, double v) {
      if (v != -1) r.values.emplace_back(name, v);
    };
    auto health = device->query_health_stats();
    if (health.has_value()) {
      s.health.available = true;
      add(s.health, "onDieTemperature", health.value().on_die_temperature);
      add(s.health, "onDieVoltageMv", health.value().on_die_voltage);
      add(s.health, "bistFailureMask", health.value().bist_failure_mask);
    } else {
      s.health = unavailable("query_health_stats: " + status_name(health.status()));
    }
    auto perf = device->query_performance_stats();
    if (perf.has_value()) {
      s.performance.available = true;
      add(s.performance, "cpuUtilization", perf.value().cpu_utilization);
      add(s.performance, "ramSizeTotalKib", double(perf.value().ram_size_total));
      add(s.performance, "ramSizeUsedKib", double(perf.value().ram_size_used));
      add(s.performance, "nncUtilization", perf.value().nnc_utilization);
      add(s.performance, "dspUtilization", perf.value().dsp_utilization);
    } else {
      s.performance = unavailable("query_performance_stats: " + status_name(perf.status()));
    }
    auto caps = device->get_capabilities();
    if (!caps.has_value()) {
      s.power = unavailable("get_capabilities: " + status_name(caps.status()));
    } else if (!caps.value().power_measurements) {
      s.power = unavailable("the board has no power sensor");
    } else {
      auto watts = device->power_measurement(HAILO_DVM_OPTIONS_AUTO, HAILO_POWER_MEASUREMENT_TYPES__POWER);
      if (watts.has_value()) {
        s.power.available = true;
        s.power.values = {{"watts", watts.value()}};
      } else {
        s.power = unavailable("power_measurement: " + status_name(watts.status()));
      }
    }
    return s;
  }

  Status load_model(const ModelRequest& request, std::shared_ptr<Model>* out) override {
    const std::string& path = request.path;
    auto created = vdevice_->create_infer_model(path);
    if (!created.has_value()) return from_hailo(created.status(), path + ": create_infer_model");
    std::shared_ptr<hailort::InferModel> model = created.release();
    const ModelOptions& o = request.options;
    if (o.batch_size > 0) model->set_batch_size(o.batch_size);
    for (const auto& name : model->get_input_names()) {
      auto in = model->input(name);
      if (!in.has_value()) return from_hailo(in.status(), path + ": input '" + name + "'");
      in.value().set_format_type(HAILO_FORMAT_TYPE_UINT8);
      in.value().set_format_order(HAILO_FORMAT_ORDER_NHWC);
    }
    for (const auto& name : model->get_output_names()) {
      auto stream = model->output(name);
      if (!stream.has_value()) return from_hailo(stream.status(), path + ": output '" + name + "'");
      auto& s = stream.value();
      const HostFormat format = host_format_for_output(format_order_name(s.format().order), s.is_nms());
      if (format.type) s.set_format_type(HAILO_FORMAT_TYPE_FLOAT32);
      if (format.order) s.set_format_order(HAILO_FORMAT_ORDER_HAILO_NMS_BY_CLASS);
      if (s.is_nms() && o.nms) {
        // Only the keys given: the HEF's own thresholds stay for the others.
        if (o.nms->score_threshold) s.set_nms_score_threshold(*o.nms->score_threshold);
        if (o.nms->iou_threshold) s.set_nms_iou_threshold(*o.nms->iou_threshold);
        if (o.nms->max_proposals_per_class) s.set_nms_max_proposals_per_class(*o.nms->max_proposals_per_class);
      }
    }
    ModelInfo info;
    for (const auto& s : model->inputs()) info.inputs.push_back(describe(s));
    for (const auto& s : model->outputs()) {
      info.outputs.push_back(describe(s));
      if (info.outputs.back().is_nms) info.outputs.back().nms_overrides = nms_overrides_of(o.nms);
    }
    info.batch_size = o.batch_size;
    auto configured = model->configure();
    if (!configured.has_value()) return from_hailo(configured.status(), path + ": configure");
    auto core = std::make_shared<ModelCore>(ModelCore{vdevice_, std::move(model), configured.release()});
    hailort::ConfiguredInferModel& cim = core->configured;
    if (o.scheduler.priority) {
      if (hailo_status st = cim.set_scheduler_priority(*o.scheduler.priority); st != HAILO_SUCCESS) return from_hailo(st, path + ": set_scheduler_priority");
    }
    if (o.scheduler.threshold) {
      if (hailo_status st = cim.set_scheduler_threshold(*o.scheduler.threshold); st != HAILO_SUCCESS) return from_hailo(st, path + ": set_scheduler_threshold");
    }
    if (o.scheduler.timeout_ms) {
      if (hailo_status st = cim.set_scheduler_timeout(std::chrono::milliseconds(*o.scheduler.timeout_ms)); st != HAILO_SUCCESS) {
        return from_hailo(st, path + ": set_scheduler_timeout");
      }
    }
    auto queue = cim.get_async_queue_size();
    info.async_queue_size = queue.has_value() ? uint32_t(queue.value()) : 1;
    *out = std::make_shared<HailortModel>(std::move(core), std::move(info), path);
    return Status::success();
  }

  Status load_llm(const LlmRequest& request, std::shared_ptr<Llm>* out) override {
    hailort::genai::LLMParams params(request.path, request.lora_name, request.optimize_memory_on_device);
    auto created = hailort::genai::LLM::create(vdevice_, params);
    if (!created.has_value()) return from_hailo(created.status(), request.path + ": LLM::create");
    auto llm = std::make_unique<hailort::genai::LLM>(created.release());
    *out = std::make_shared<HailortLlm>(vdevice_, std::move(llm), request.path);
    return Status::success();
  }

  void close() override {
    std::lock_guard<std::mutex> lock(mutex_);
    // Models and LLMs hold their own reference; the VDevice goes when the last one does.
    vdevice_.reset();
  }

 private:
  static Reading unavailable(std::string reason) {
    Reading r;
    r.available = false;
    r.reason = std::move(reason);
    return r;
  }

  // `keep` holds the VDevice (which owns the physical device) for the caller's use.
  Status physical(hailort::Device** out, std::shared_ptr<hailort::VDevice>* keep) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!vdevice_) return status_error(kClosed, "device");
    *keep = vdevice_;
    auto devices = vdevice_->get_physical_devices();
    if (!devices.has_value()) return from_hailo(devices.status(), "get_physical_devices");
    if (devices.value().empty()) return status_error("HAILO_OUT_OF_PHYSICAL_DEVICES", "get_physical_devices");
    *out = &devices.value().front().get();
    return Status::success();
  }

  std::mutex mutex_;
  std::shared_ptr<hailort::VDevice> vdevice_;
  std::string group_id_;
};

}  // namespace

std::string hailort_library_version() {
  hailo_version_t v{};
  if (hailo_get_library_version(&v) != HAILO_SUCCESS) return "unknown";
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.revision);
}

// HailoRT keeps the raw `group_id` pointer: the VDevice copies hailo_vdevice_params_t and
// LLM::create reads vdevice->get_params().group_id long after the open. Each distinct group id
// is therefore kept for the life of the process (one short string per id ever used).
namespace {
const char* interned_group_id(const std::string& group_id) {
  static std::mutex mutex;
  static std::set<std::string> ids;  // node-based: a stored string never moves
  std::lock_guard<std::mutex> lock(mutex);
  return ids.insert(group_id).first->c_str();
}
}  // namespace

Status open_hailort_device(const std::string& group_id, std::shared_ptr<Device>* out) {
  hailo_vdevice_params_t params;
  hailo_status st = hailo_init_vdevice_params(&params);
  if (st != HAILO_SUCCESS) return from_hailo(st, "hailo_init_vdevice_params");
  // Shared group id: the models and the LLM of this process (and of other processes using the same
  // id) share the chip; HailoRT's default "UNIQUE" would lock everyone else out.
  params.group_id = interned_group_id(group_id);
  params.scheduling_algorithm = HAILO_SCHEDULING_ALGORITHM_ROUND_ROBIN;
  auto vdevice = hailort::VDevice::create_shared(params);
  if (!vdevice.has_value()) return from_hailo(vdevice.status(), "opening the Hailo device (VDevice group \"" + group_id + "\")");
  *out = std::make_shared<HailortDevice>(vdevice.release(), group_id);
  return Status::success();
}

}  // namespace hailort_node
