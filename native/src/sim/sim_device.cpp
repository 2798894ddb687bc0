// The simulated device: the same surface as the HailoRT device, served by one device thread that
// runs one inference at a time (like the chip), with outputs from documented rules (sim_rules.cpp)
// and a scripted LLM. Used by tests and on machines without a Hailo accelerator.
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "../port/device_port.hpp"
#include "../port/generation_driver.hpp"
#include "sim_rules.hpp"
#include "sim_spec.hpp"

namespace hailort_node {

namespace {

using Clock = std::chrono::steady_clock;

class SimDevice;
class SimLlm;
std::string sim_output_name(const SimModelSpec& spec);

class SimModel final : public Model, public std::enable_shared_from_this<SimModel> {
 public:
  SimModel(std::shared_ptr<SimDevice> device, std::string path, std::shared_ptr<const SimModelSpec> spec,
           ModelOptions options, HostFormat format);
  const ModelInfo& info() const override { return info_; }
  void submit(std::shared_ptr<InferJob> job) override;
  void close() override;

  const SimModelSpec& spec() const { return *spec_; }
  const std::string& path() const { return path_; }
  bool byte_mask() const { return byte_mask_; }
  // The NMS settings in effect: the load options' keys, else the simulated HEF's own.
  float score_threshold() const { return score_threshold_; }
  uint32_t max_proposals_per_class() const { return max_proposals_per_class_; }

 private:
  friend class SimDevice;
  std::shared_ptr<SimDevice> device_;
  std::string path_;
  std::shared_ptr<const SimModelSpec> spec_;
  ModelOptions options_;
  ModelInfo info_;
  bool byte_mask_ = false;
  float score_threshold_ = 0;
  uint32_t max_proposals_per_class_ = UINT32_MAX;
  SimRuleRunner runner_;  // used by the device thread only
  // Guarded by the device mutex:
  bool closing_ = false;
  Status failed_;           // set once a submission failed: the model is shut down for good
  uint32_t in_device_ = 0;  // queued on the device or being served
  uint64_t served_ = 0;     // inferences started, for fault injection
  uint64_t submitted_ = 0;  // submissions to the device, for fault injection
  std::deque<std::shared_ptr<InferJob>> overflow_;  // beyond the async queue depth
};

struct DeviceWork {
  std::shared_ptr<SimModel> model;
  std::shared_ptr<InferJob> job;
};

class SimDevice final : public Device {
 public:
  explicit SimDevice(std::string group_id) : group_id_(std::move(group_id)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~SimDevice() override { close(); }

  Status identity(DeviceIdentity* out) override {
    out->kind = "sim";
    out->group_id = group_id_;
    out->serial = "SIMULATED";
    out->architecture = "HAILO10H (simulated)";
    out->firmware_version = "simulated";
    out->board_name = "hailort-node simulated device";
    out->product_name = "simulated";
    out->library_version = "simulated";
    return Status::success();
  }

  Reading temperature() override {
    Reading r;
    r.available = true;
    r.values = {{"ts0", 45.0}, {"ts1", 45.0}};  // a fixed simulated reading
    return r;
  }

  DeviceStats stats() override {
    DeviceStats s;
    s.health = {false, "simulated device: no health sensors", {}};
    s.performance.available = true;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      s.performance.values = {{"inferences", double(total_served_)}, {"queued", double(queue_.size())}};
    }
    s.power = {false, "simulated device: no power sensor", {}};
    return s;
  }

  Status load_model(const ModelRequest& request, std::shared_ptr<Model>* out) override {
    if (!request.sim) return Status::error(kInvalidArgument, request.path + ": the simulated device needs a simulated model file");
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return status_error(kClosed, "load_model(" + request.path + ")");
    }
    const SimModelSpec& spec = *request.sim;
    const bool is_nms = spec.rule == SimModelSpec::Rule::ColorRectanglesNms;
    const std::string hef_order = is_nms ? spec.hef_output_order : "NHWC";
    HostFormat format = host_format_for_output(hef_order, is_nms);
    // HailoRT's configure(): the byte-mask NMS post-process accepts only its own order and uint8.
    if (hef_order == "NMS_WITH_BYTE_MASK" && ((format.order && *format.order != hef_order) || (format.type && *format.type != "uint8"))) {
      return status_error("HAILO_INVALID_ARGUMENT", request.path + ": configure (simulated HailoRT check): output '" + sim_output_name(spec) +
                                                        "' is a byte-mask NMS output and supports only NMS_WITH_BYTE_MASK uint8, not " +
                                                        format.order.value_or(hef_order) + " " + format.type.value_or("uint8"));
    }
    auto self = std::static_pointer_cast<SimDevice>(shared_from_this());
    *out = std::make_shared<SimModel>(self, request.path, request.sim, request.options, std::move(format));
    return Status::success();
  }

  Status load_llm(const LlmRequest& request, std::shared_ptr<Llm>* out) override;

  void close() override {
    std::deque<DeviceWork> left;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
      left.swap(queue_);
    }
    cv_.notify_all();
    for (auto& w : left) finish(w, status_error(kClosed, w.model->path() + ": device closed"));
    if (thread_.joinable()) thread_.join();
  }

  // Called with the model's jobs; never blocks.
  void enqueue(const std::shared_ptr<SimModel>& model, std::shared_ptr<InferJob> job) {
    Rejections rejected;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_ || model->closing_) {
        rejected.emplace_back(std::move(job), status_error(kClosed, model->path() + ": model closed"));
      } else if (!model->failed_.ok()) {
        rejected.emplace_back(std::move(job), model->failed_);
      } else if (model->in_device_ >= model->spec().queue_size) {
        model->overflow_.push_back(std::move(job));
        return;
      } else {
        submit_locked(model, std::move(job), &rejected);
      }
    }
    for (auto& [j, st] : rejected) j->complete(st);
    cv_.notify_all();
  }

  void close_model(const std::shared_ptr<SimModel>& model) {
    std::vector<std::shared_ptr<InferJob>> dropped;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (model->closing_) return;
      model->closing_ = true;
      for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->model == model) {
          dropped.push_back(std::move(it->job));
          model->in_device_--;
          it = queue_.erase(it);
        } else {
          ++it;
        }
      }
      for (auto& j : model->overflow_) dropped.push_back(std::move(j));
      model->overflow_.clear();
    }
    cv_.notify_all();  // wakes a hung inference of this model
    for (auto& j : dropped) j->complete(status_error(kClosed, model->path() + ": model closed while the inference was queued"));
    std::unique_lock<std::mutex> lock(mutex_);
    idle_cv_.wait(lock, [&] { return model->in_device_ == 0; });
  }

  const std::string& group_id() const { return group_id_; }
  bool closed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
  }

 private:
  using Rejections = std::vector<std::pair<std::shared_ptr<InferJob>, Status>>;

  // One submission to the device (HailoRT's run_async). A failed one shuts the model down for good,
  // as HailoRT does: this and every later job reject, naming the model and saying to reload it.
  void submit_locked(const std::shared_ptr<SimModel>& model, std::shared_ptr<InferJob> job, Rejections* rejected) {
    const uint64_t index = ++model->submitted_;
    const auto& faults = model->spec().faults;
    if (faults.fail_submit_on_inference && *faults.fail_submit_on_inference == index) {
      const Status cause = status_error(faults.fail_submit_status, model->path() + ": run_async (simulated fault on submission " + std::to_string(index) + ")");
      model->failed_ = status_error(kModelFailed, model->path() + ": the model was shut down after a failed submission (" + faults.fail_submit_status +
                                                      "); reload the model");
      rejected->emplace_back(std::move(job), Status::error(cause.code, cause.message + "; HailoRT shut the model down: reload the model"));
      for (auto& j : model->overflow_) rejected->emplace_back(std::move(j), model->failed_);
      model->overflow_.clear();
      return;
    }
    model->in_device_++;
    queue_.push_back({model, std::move(job)});
  }

  void finish(DeviceWork& w, Status status) {
    w.job->complete(std::move(status));
    Rejections rejected;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      w.model->in_device_--;
      if (!w.model->overflow_.empty() && !w.model->closing_ && !stopping_ && w.model->failed_.ok()) {
        std::shared_ptr<InferJob> next = std::move(w.model->overflow_.front());
        w.model->overflow_.pop_front();
        submit_locked(w.model, std::move(next), &rejected);
      }
    }
    for (auto& [j, st] : rejected) j->complete(st);
    idle_cv_.notify_all();
  }

  void serve() {
    for (;;) {
      DeviceWork w;
      uint64_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        w = std::move(queue_.front());
        queue_.pop_front();
        index = ++w.model->served_;
        total_served_++;
      }
      finish(w, run(w, index));
    }
  }

  Status run(DeviceWork& w, uint64_t index) {
    const SimModelSpec& spec = w.model->spec();
    const auto& faults = spec.faults;
    // Closing aborts the frame being served, as HailoRT's shutdown() aborts frames on the device.
    const Status aborted = status_error(kClosed, w.model->path() + ": model closed while the frame was on the device");
    if (faults.hang_on_inference && *faults.hang_on_inference == index) {
      // A hung chip: nothing completes until the model or the device is closed.
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || w.model->closing_; });
      return aborted;
    }
    const auto start = Clock::now();
    if (faults.fail_on_inference && *faults.fail_on_inference == index) {
      return status_error(faults.fail_status, w.model->path() + ": simulated fault on inference " + std::to_string(index));
    }
    if (w.model->byte_mask()) {
      std::memset(w.job->outputs.at(0).data(), 0, w.job->outputs.at(0).size());  // detections_count 0
    } else {
      w.model->runner_.run(w.job->inputs.at(0).data(), reinterpret_cast<float*>(w.job->outputs.at(0).data()), w.model->score_threshold(),
                           w.model->max_proposals_per_class());
    }
    if (spec.latency_ms > 0) {
      const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(spec.latency_ms));
      std::unique_lock<std::mutex> lock(mutex_);
      if (cv_.wait_until(lock, due, [&] { return stopping_ || w.model->closing_; })) return aborted;
    }
    return Status::success();
  }

  std::string group_id_;
  std::mutex llm_mutex_;
  std::weak_ptr<SimLlm> loaded_llm_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<DeviceWork> queue_;
  bool stopping_ = false;
  uint64_t total_served_ = 0;
  std::thread thread_;
};

std::string sim_output_name(const SimModelSpec& spec) {
  if (!spec.output_name.empty()) return spec.output_name;
  switch (spec.rule) {
    case SimModelSpec::Rule::ColorRectanglesNms:
      return spec.hef_output_order == "NMS_WITH_BYTE_MASK" ? "sim/nms_with_byte_mask" : "sim/nms_by_class";
    case SimModelSpec::Rule::DepthGradient:
      return "sim/depth";
    default:
      return "sim/identity";
  }
}

SimModel::SimModel(std::shared_ptr<SimDevice> device, std::string path, std::shared_ptr<const SimModelSpec> spec,
                   ModelOptions options, HostFormat format)
    : device_(std::move(device)), path_(std::move(path)), spec_(std::move(spec)), options_(std::move(options)), runner_(*spec_) {
  const auto& nms = options_.nms;
  score_threshold_ = nms && nms->score_threshold ? *nms->score_threshold : spec_->nms_default_score_threshold;
  max_proposals_per_class_ = nms && nms->max_proposals_per_class ? *nms->max_proposals_per_class
                                                                 : spec_->nms_default_max_proposals_per_class.value_or(spec_->max_boxes_per_class);
  StreamInfo in;
  in.name = spec_->input_name;
  in.height = spec_->height;
  in.width = spec_->width;
  in.features = spec_->channels;
  in.format_type = "uint8";
  in.format_order = "NHWC";
  in.frame_size = size_t(in.height) * in.width * in.features;
  in.quant_infos = {QuantInfo{0, 1, 0, 255}};
  info_.inputs.push_back(in);

  StreamInfo out;
  out.name = sim_output_name(*spec_);
  out.format_type = format.type.value_or("uint8");
  out.frame_size = sim_output_frame_size(*spec_);
  switch (spec_->rule) {
    case SimModelSpec::Rule::ColorRectanglesNms:
      out.format_order = format.order.value_or(spec_->hef_output_order);
      byte_mask_ = out.format_order == "NMS_WITH_BYTE_MASK";
      if (byte_mask_) out.frame_size = sim_byte_mask_frame_size(*spec_);
      out.is_nms = true;
      out.nms_overrides = nms_overrides_of(options_.nms);
      out.nms_classes = uint32_t(spec_->classes.size());
      out.nms_max_boxes_per_class = spec_->max_boxes_per_class;
      out.height = out.nms_classes;
      out.width = 1 + 5 * out.nms_max_boxes_per_class;
      out.features = 1;
      break;
    case SimModelSpec::Rule::DepthGradient:
      out.format_order = "NHWC";
      out.height = spec_->height;
      out.width = spec_->width;
      out.features = 1;
      break;
    case SimModelSpec::Rule::Identity:
      out.format_order = "NHWC";
      out.height = spec_->height;
      out.width = spec_->width;
      out.features = spec_->channels;
      break;
  }
  out.quant_infos = {QuantInfo{0, 1, 0, 0}};
  info_.outputs.push_back(out);
  info_.batch_size = options_.batch_size == 0 ? 1 : options_.batch_size;
  info_.async_queue_size = spec_->queue_size;
}

void SimModel::submit(std::shared_ptr<InferJob> job) { device_->enqueue(shared_from_this(), std::move(job)); }

void SimModel::close() { device_->close_model(shared_from_this()); }

// ---- scripted LLM ----

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Simulated tokenizer: each run of letters/digits is one token, every other non-space byte is one
// token; ids are a hash of the token text modulo a 32000-entry vocabulary.
std::vector<int> sim_tokenize(const std::string& text) {
  std::vector<int> ids;
  std::string run;
  auto flush = [&] {
    if (!run.empty()) ids.push_back(int(fnv1a(run) % 32000));
    run.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      run.push_back(char(c));
    } else {
      flush();
      if (!std::isspace(c)) {
        run.push_back(char(c));
        flush();
      }
    }
  }
  flush();
  return ids;
}

class SimLlm;

// The generation the simulated LLM server is running; guarded by the SimLlm mutex.
struct SimServerGeneration {
  uint64_t emitted = 0;
  uint64_t limit = UINT64_MAX;
  bool aborted = false;
  Clock::time_point next_due;
};

class SimGeneration final : public Generation {
 public:
  SimGeneration(std::shared_ptr<SimLlm> llm, std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms,
                GenerationSink sink);
  ~SimGeneration() override {
    request_abort();
    if (thread_.joinable()) thread_.join();
  }
  void request_abort() override { abort_.store(true); }

 private:
  void run(std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms, GenerationSink sink);
  std::shared_ptr<SimLlm> llm_;
  std::atomic<bool> abort_{false};
  std::thread thread_;
};

class SimLlm final : public Llm, public std::enable_shared_from_this<SimLlm> {
 public:
  SimLlm(std::string path, std::shared_ptr<const SimLlmSpec> spec) : path_(std::move(path)), spec_(std::move(spec)) {}

  Status start_generation(std::vector<std::string> messages_json, GenerationParams params, uint32_t token_timeout_ms,
                          GenerationSink sink, std::unique_ptr<Generation>* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return status_error(kClosed, path_ + ": generate");
    if (active_) return status_error(kGenerationInProgress, path_ + ": generate");
    // HailoRT accepts system messages only on a fresh context.
    if (context_used_ > 0) {
      for (const auto& m : messages_json) {
        if (m.find("\"role\":\"system\"") != std::string::npos) {
          return Status::error("HAILO_INVALID_OPERATION",
                               path_ + ": generate: system messages can only be sent on a fresh context; call clearContext() "
                                       "first or load a saved context and send only user messages");
        }
      }
    }
    active_ = true;
    stats_.generations++;
    *out = std::make_unique<SimGeneration>(shared_from_this(), std::move(messages_json), std::move(params), token_timeout_ms, std::move(sink));
    return Status::success();
  }

  Status clear_context() override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (active_) return status_error(kGenerationInProgress, path_ + ": clearContext");
    context_used_ = 0;
    return Status::success();
  }

  Status save_context(std::vector<uint8_t>* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (active_) return status_error(kGenerationInProgress, path_ + ": saveContext");
    // Simulated context blob: magic, a hash of the model path (contexts are tied to their model), usage.
    out->assign(kMagic, kMagic + 4);
    const uint64_t id = fnv1a(path_);
    const uint64_t used = context_used_;
    out->insert(out->end(), reinterpret_cast<const uint8_t*>(&id), reinterpret_cast<const uint8_t*>(&id) + 8);
    out->insert(out->end(), reinterpret_cast<const uint8_t*>(&used), reinterpret_cast<const uint8_t*>(&used) + 8);
    return Status::success();
  }

  Status load_context(const std::vector<uint8_t>& ctx) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (active_) return status_error(kGenerationInProgress, path_ + ": loadContext");
    uint64_t id = 0, used = 0;
    if (ctx.size() != 20 || std::memcmp(ctx.data(), kMagic, 4) != 0) {
      return Status::error("HAILO_INVALID_ARGUMENT", path_ + ": loadContext: the buffer is not a context saved by saveContext()");
    }
    std::memcpy(&id, ctx.data() + 4, 8);
    std::memcpy(&used, ctx.data() + 12, 8);
    if (id != fnv1a(path_)) {
      return Status::error("HAILO_INVALID_ARGUMENT", path_ + ": loadContext: the context was saved from another model; contexts are tied to their model");
    }
    context_used_ = used;
    return Status::success();
  }

  Status context_usage(size_t* used, size_t* capacity) override {
    std::lock_guard<std::mutex> lock(mutex_);
    *used = context_used_;
    *capacity = spec_->context_capacity;
    return Status::success();
  }

  Status tokenize(const std::string& text, std::vector<int>* out) override {
    *out = sim_tokenize(text);
    return Status::success();
  }

  LlmStats stats() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  void close() override {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }

  const SimLlmSpec& spec() const { return *spec_; }
  const std::string& path() const { return path_; }
  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }

  // ---- the simulated LLM server, called by the generation thread ----

  // Like LLM::generate: tokenizes the prompt into the context and starts generating.
  Status server_generate(const std::vector<std::string>& messages, const GenerationParams& params) {
    size_t prompt_tokens = 0;
    for (const auto& m : messages) prompt_tokens += sim_tokenize(m).size();
    std::lock_guard<std::mutex> lock(mutex_);
    if (Status s = add_to_context_locked(prompt_tokens); !s.ok()) return s;
    server_ = SimServerGeneration{};
    server_->limit = params.max_generated_tokens.value_or(UINT64_MAX);
    server_->next_due = Clock::now() + ms(spec_->prefill_ms);
    return Status::success();
  }

  // Like LLMGeneratorCompletion::read: the next token and the state it leaves the completion in.
  TokenRead server_read(std::chrono::milliseconds timeout, CompletionState* state) {
    const auto deadline = Clock::now() + timeout;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (!server_) return {Status::error("HAILO_INVALID_OPERATION", path_ + ": read() after the generation completed"), {}};
      SimServerGeneration& g = *server_;
      if (g.aborted) return finish_locked(CompletionState::Aborted, spec_->recovery_sequence, state);
      if (g.emitted >= g.limit) return finish_locked(CompletionState::MaxTokens, spec_->recovery_sequence, state);
      if (g.emitted >= spec_->tokens.size()) return finish_locked(CompletionState::LogicalEnd, spec_->end_token, state);
      if (spec_->fail_after_tokens && g.emitted >= *spec_->fail_after_tokens) {
        return {status_error(spec_->fail_status, path_ + ": simulated fault after " + std::to_string(g.emitted) + " tokens"), {}};
      }
      const bool hung = spec_->hang_after_tokens && g.emitted >= *spec_->hang_after_tokens;
      const auto due = hung ? deadline : std::min(deadline, g.next_due);
      if (Clock::now() < due) {
        server_cv_.wait_until(lock, due);
        continue;  // re-check: aborted, or the token is due
      }
      if (hung || Clock::now() < g.next_due) return {Status::error("HAILO_TIMEOUT", path_ + ": read"), {}};
      g.emitted++;
      g.next_due = Clock::now() + ms(spec_->token_interval_ms);
      add_to_context_locked(1, /*clamp=*/true);
      return {Status::success(), spec_->tokens[g.emitted - 1]};
    }
  }

  // Like LLMGeneratorCompletion::abort: the server aborts whatever generation it runs now (the
  // request names none); that generation then returns the recovery sequence with ABORTED.
  void server_abort() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.abort_requests++;
      if (server_) server_->aborted = true;
    }
    server_cv_.notify_all();
  }

  void count_token() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.tokens++;
  }
  void end_generation(bool aborted) {
    std::lock_guard<std::mutex> lock(mutex_);
    active_ = false;
    if (aborted) stats_.aborted++;
  }

 private:
  static std::chrono::steady_clock::duration ms(double v) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(v));
  }

  TokenRead finish_locked(CompletionState end, const std::string& text, CompletionState* state) {
    server_.reset();
    add_to_context_locked(sim_tokenize(text).size(), /*clamp=*/true);
    *state = end;
    return {Status::success(), text};
  }

  Status add_to_context_locked(size_t tokens, bool clamp = false) {
    if (context_used_ + tokens > spec_->context_capacity) {
      if (clamp) {
        context_used_ = spec_->context_capacity;
        return Status::success();
      }
      return Status::error("HAILO_INSUFFICIENT_BUFFER", path_ + ": generate: the context is full (" + std::to_string(context_used_) + " + " +
                                                            std::to_string(tokens) + " > " + std::to_string(spec_->context_capacity) +
                                                            " tokens); call clearContext()");
    }
    context_used_ += tokens;
    return Status::success();
  }

  static constexpr uint8_t kMagic[4] = {'H', 'N', 'S', 'C'};
  std::string path_;
  std::shared_ptr<const SimLlmSpec> spec_;
  mutable std::mutex mutex_;
  std::condition_variable server_cv_;
  bool active_ = false;
  bool closed_ = false;
  size_t context_used_ = 0;
  std::optional<SimServerGeneration> server_;
  LlmStats stats_;
};

// A completion on the simulated server, with HailoRT's rules (port/generation_driver.hpp): the
// state changes only in read(), and destroying it while GENERATING sends one more abort.
class SimCompletion final : public Completion {
 public:
  explicit SimCompletion(std::shared_ptr<SimLlm> llm) : llm_(std::move(llm)) {}
  ~SimCompletion() override {
    if (state_ == CompletionState::Generating) llm_->server_abort();
  }
  TokenRead read(std::chrono::milliseconds timeout) override {
    if (state_ != CompletionState::Generating) return {Status::error("HAILO_INVALID_OPERATION", llm_->path() + ": read() after the generation completed"), {}};
    return llm_->server_read(timeout, &state_);
  }
  Status abort() override {
    llm_->server_abort();
    return Status::success();
  }
  CompletionState state() const override { return state_; }

 private:
  std::shared_ptr<SimLlm> llm_;
  CompletionState state_ = CompletionState::Generating;
};

SimGeneration::SimGeneration(std::shared_ptr<SimLlm> llm, std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms,
                             GenerationSink sink)
    : llm_(std::move(llm)) {
  thread_ = std::thread([this, m = std::move(messages), p = std::move(params), token_timeout_ms, s = std::move(sink)]() mutable {
    run(std::move(m), std::move(p), token_timeout_ms, std::move(s));
  });
}

void SimGeneration::run(std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms, GenerationSink sink) {
  GenerationOutcome outcome;
  if (Status s = llm_->server_generate(messages, params); !s.ok()) {
    outcome.error = s;
  } else {
    outcome = drive_generation(std::make_unique<SimCompletion>(llm_), abort_, std::chrono::milliseconds(token_timeout_ms),
                               [&](std::string token) {
                                 llm_->count_token();
                                 sink(GenerationEvent::of_token(std::move(token)));
                               },
                               llm_->path());
  }
  // Same order as the real device: completion gone, then idle, then the final event.
  llm_->end_generation(outcome.abort_sent || std::string(outcome.reason) == "aborted");
  sink(outcome.error.ok() ? GenerationEvent::of_end(outcome.reason) : GenerationEvent::of_error(std::move(outcome.error)));
}

Status SimDevice::load_llm(const LlmRequest& request, std::shared_ptr<Llm>* out) {
  if (!request.sim) return Status::error(kInvalidArgument, request.path + ": the simulated device needs a simulated LLM file");
  std::lock_guard<std::mutex> lock(llm_mutex_);
  // Like the chip: one KV cache, so one LLM at a time.
  if (auto loaded = loaded_llm_.lock(); loaded && !loaded->closed()) {
    return status_error("HAILO_INVALID_OPERATION", request.path + ": load_llm: KV-Cache is already in use by another model (" + loaded->path() + ")");
  }
  auto llm = std::make_shared<SimLlm>(request.path, request.sim);
  loaded_llm_ = llm;
  *out = llm;
  return Status::success();
}

}  // namespace

namespace {
// Simulated devices open in this process, to mirror HailoRT's group rule: a VDevice with group id
// "UNIQUE" needs the chip to itself.
std::mutex g_open_mutex;
std::vector<std::weak_ptr<SimDevice>> g_open;
}  // namespace

Status open_sim_device(const std::string& group_id, std::shared_ptr<Device>* out) {
  std::lock_guard<std::mutex> lock(g_open_mutex);
  std::vector<std::weak_ptr<SimDevice>> still_open;
  bool unique_held = false;
  for (auto& w : g_open) {
    if (auto d = w.lock(); d && !d->closed()) {
      still_open.push_back(w);
      unique_held = unique_held || d->group_id() == "UNIQUE";
    }
  }
  g_open.swap(still_open);
  if (unique_held || (group_id == "UNIQUE" && !g_open.empty())) {
    return status_error("HAILO_DEVICE_IN_USE", "opening the simulated device (group \"" + group_id + "\")");
  }
  auto device = std::make_shared<SimDevice>(group_id);
  g_open.push_back(device);
  *out = device;
  return Status::success();
}

}  // namespace hailort_node
