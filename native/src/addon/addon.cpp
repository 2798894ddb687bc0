// Node-API layer over the device port. Blocking device calls run on libuv worker threads
// (PromiseWorker); inference and token completions arrive on device threads and are handed to the JS
// thread through thread-safe functions, never blocking the thread that completes them.
#include "../preprocess/downscale.hpp"
#include <napi.h>

#include <cstring>
#include <unordered_map>

#include "../port/device_port.hpp"
#include "../sim/sim_spec.hpp"

namespace hailort_node {

namespace {

Napi::Error MakeError(Napi::Env env, const Status& s) {
  Napi::Error e = Napi::Error::New(env, s.message);
  e.Set("code", Napi::String::New(env, s.code));
  return e;
}

// Runs `work` on a worker thread; resolves with `result(env)` or rejects with the Status error.
class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Status()>;
  using Result = std::function<Napi::Value(Napi::Env)>;

  static Napi::Promise Run(Napi::Env env, Work work, Result result = nullptr) {
    auto* w = new PromiseWorker(env, std::move(work), std::move(result));
    Napi::Promise p = w->deferred_.Promise();
    w->Queue();
    return p;
  }

 protected:
  void Execute() override {
    try {
      status_ = work_();
    } catch (const std::exception& e) {
      status_ = Status::error("HAILORT_NODE_INTERNAL", std::string("unexpected native exception: ") + e.what());
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    if (!status_.ok()) {
      deferred_.Reject(MakeError(env, status_).Value());
      return;
    }
    try {
      deferred_.Resolve(result_ ? result_(env) : env.Undefined());
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  PromiseWorker(Napi::Env env, Work work, Result result)
      : Napi::AsyncWorker(env, "hailort-node"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)), result_(std::move(result)) {}
  Napi::Promise::Deferred deferred_;
  Work work_;
  Result result_;
  Status status_;
};

Napi::Promise Rejected(Napi::Env env, const Status& s) {
  auto d = Napi::Promise::Deferred::New(env);
  d.Reject(MakeError(env, s).Value());
  return d.Promise();
}

// ---- reading option objects ----

std::optional<double> OptNumber(const Napi::Object& o, const char* key) {
  if (!o.Has(key)) return std::nullopt;
  Napi::Value v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return std::nullopt;
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

std::optional<bool> OptBool(const Napi::Object& o, const char* key) {
  if (!o.Has(key)) return std::nullopt;
  Napi::Value v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return std::nullopt;
  if (!v.IsBoolean()) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

std::string OptString(const Napi::Object& o, const char* key, std::string fallback) {
  if (!o.Has(key)) return fallback;
  Napi::Value v = o.Get(key);
  if (!v.IsString()) return fallback;
  return v.As<Napi::String>().Utf8Value();
}

Napi::Object OptObject(const Napi::Object& o, const char* key) {
  if (!o.Has(key)) return Napi::Object();
  Napi::Value v = o.Get(key);
  if (!v.IsObject()) return Napi::Object();
  return v.As<Napi::Object>();
}

ModelOptions ReadModelOptions(const Napi::Object& o) {
  ModelOptions opts;
  if (auto b = OptNumber(o, "batchSize")) opts.batch_size = uint16_t(*b);
  Napi::Object nms = OptObject(o, "nms");
  if (!nms.IsEmpty()) {
    // Only the keys given: an absent one keeps the HEF's own value.
    NmsOptions n;
    if (auto v = OptNumber(nms, "scoreThreshold")) n.score_threshold = float(*v);
    if (auto v = OptNumber(nms, "iouThreshold")) n.iou_threshold = float(*v);
    if (auto v = OptNumber(nms, "maxProposalsPerClass")) n.max_proposals_per_class = uint32_t(*v);
    opts.nms = n;
  }
  Napi::Object sch = OptObject(o, "scheduler");
  if (!sch.IsEmpty()) {
    if (auto p = OptNumber(sch, "priority")) opts.scheduler.priority = uint8_t(*p);
    if (auto t = OptNumber(sch, "threshold")) opts.scheduler.threshold = uint32_t(*t);
    if (auto t = OptNumber(sch, "timeoutMs")) opts.scheduler.timeout_ms = uint32_t(*t);
  }
  return opts;
}

std::optional<uint64_t> OptCount(const Napi::Object& o, const char* key) {
  auto v = OptNumber(o, key);
  if (!v) return std::nullopt;
  return uint64_t(*v);
}

// The validated simulated model file (index.js checks it and names the file in its errors).
std::shared_ptr<const SimModelSpec> ReadSimModelSpec(const Napi::Object& o) {
  auto spec = std::make_shared<SimModelSpec>();
  spec->height = uint32_t(OptNumber(o, "height").value_or(0));
  spec->width = uint32_t(OptNumber(o, "width").value_or(0));
  spec->channels = uint32_t(OptNumber(o, "channels").value_or(3));
  spec->latency_ms = OptNumber(o, "latencyMs").value_or(0);
  spec->queue_size = uint32_t(OptNumber(o, "queueSize").value_or(2));
  spec->input_name = OptString(o, "inputName", spec->input_name);
  spec->output_name = OptString(o, "outputName", "");
  Napi::Object rule = OptObject(o, "rule");
  const std::string kind = rule.IsEmpty() ? "identity" : OptString(rule, "kind", "identity");
  if (kind == "color-rectangles-nms-by-class") {
    spec->rule = SimModelSpec::Rule::ColorRectanglesNms;
    Napi::Array classes = rule.Get("classes").As<Napi::Array>();
    for (uint32_t i = 0; i < classes.Length(); ++i) {
      Napi::Object c = classes.Get(i).As<Napi::Object>();
      Napi::Array rgb = c.Get("rgb").As<Napi::Array>();
      spec->classes.push_back({uint8_t(rgb.Get(0u).As<Napi::Number>().Uint32Value()), uint8_t(rgb.Get(1u).As<Napi::Number>().Uint32Value()),
                               uint8_t(rgb.Get(2u).As<Napi::Number>().Uint32Value()), OptNumber(c, "tolerance").value_or(1)});
    }
    spec->max_boxes_per_class = uint32_t(OptNumber(rule, "maxBoxesPerClass").value_or(100));
    spec->min_pixels = uint32_t(OptNumber(rule, "minPixels").value_or(4));
    spec->hef_output_order = OptString(rule, "hefOutputOrder", spec->hef_output_order);
    Napi::Object defaults = OptObject(rule, "nmsDefaults");
    if (!defaults.IsEmpty()) {
      spec->nms_default_score_threshold = float(OptNumber(defaults, "scoreThreshold").value_or(spec->nms_default_score_threshold));
      spec->nms_default_iou_threshold = float(OptNumber(defaults, "iouThreshold").value_or(spec->nms_default_iou_threshold));
      if (auto v = OptNumber(defaults, "maxProposalsPerClass")) spec->nms_default_max_proposals_per_class = uint32_t(*v);
    }
  } else if (kind == "depth-gradient") {
    spec->rule = SimModelSpec::Rule::DepthGradient;
    spec->near_m = OptNumber(rule, "nearM").value_or(0.5);
    spec->far_m = OptNumber(rule, "farM").value_or(5.0);
  } else {
    spec->rule = SimModelSpec::Rule::Identity;
    if (!rule.IsEmpty()) {
      spec->scale = OptNumber(rule, "scale").value_or(1.0);
      spec->offset = OptNumber(rule, "offset").value_or(0.0);
    }
  }
  Napi::Object faults = OptObject(o, "faults");
  if (!faults.IsEmpty()) {
    spec->faults.fail_on_inference = OptCount(faults, "failOnInference");
    spec->faults.fail_status = OptString(faults, "failStatus", spec->faults.fail_status);
    spec->faults.hang_on_inference = OptCount(faults, "hangOnInference");
    spec->faults.fail_submit_on_inference = OptCount(faults, "failSubmitOnInference");
    spec->faults.fail_submit_status = OptString(faults, "failSubmitStatus", spec->faults.fail_submit_status);
  }
  return spec;
}

std::shared_ptr<const SimLlmSpec> ReadSimLlmSpec(const Napi::Object& o) {
  auto spec = std::make_shared<SimLlmSpec>();
  Napi::Array tokens = o.Get("tokens").As<Napi::Array>();
  for (uint32_t i = 0; i < tokens.Length(); ++i) spec->tokens.push_back(tokens.Get(i).As<Napi::String>().Utf8Value());
  spec->end_token = OptString(o, "endToken", spec->end_token);
  spec->recovery_sequence = OptString(o, "recoverySequence", spec->recovery_sequence);
  spec->token_interval_ms = OptNumber(o, "tokenIntervalMs").value_or(0);
  spec->prefill_ms = OptNumber(o, "prefillMs").value_or(0);
  spec->context_capacity = uint32_t(OptNumber(o, "contextCapacity").value_or(2048));
  Napi::Object faults = OptObject(o, "faults");
  if (!faults.IsEmpty()) {
    spec->fail_after_tokens = OptCount(faults, "failAfterTokens");
    spec->fail_status = OptString(faults, "failStatus", spec->fail_status);
    spec->hang_after_tokens = OptCount(faults, "hangAfterTokens");
  }
  return spec;
}

Napi::Object StreamToJs(Napi::Env env, const StreamInfo& s) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", s.name);
  o.Set("height", s.height);
  o.Set("width", s.width);
  o.Set("features", s.features);
  o.Set("formatType", s.format_type);
  o.Set("formatOrder", s.format_order);
  o.Set("frameSize", double(s.frame_size));
  Napi::Array q = Napi::Array::New(env, s.quant_infos.size());
  for (size_t i = 0; i < s.quant_infos.size(); ++i) {
    Napi::Object qi = Napi::Object::New(env);
    qi.Set("zeroPoint", s.quant_infos[i].zero_point);
    qi.Set("scale", s.quant_infos[i].scale);
    qi.Set("limvalsMin", s.quant_infos[i].limvals_min);
    qi.Set("limvalsMax", s.quant_infos[i].limvals_max);
    q.Set(uint32_t(i), qi);
  }
  o.Set("quantInfos", q);
  if (s.is_nms) {
    Napi::Object nms = Napi::Object::New(env);
    nms.Set("classes", s.nms_classes);
    nms.Set("maxBoxesPerClass", s.nms_max_boxes_per_class);
    Napi::Object overrides = Napi::Object::New(env);
    for (const auto& [k, v] : s.nms_overrides) overrides.Set(k, v);
    nms.Set("overrides", overrides);
    o.Set("nms", nms);
  }
  return o;
}

Napi::Object ModelInfoToJs(Napi::Env env, const ModelInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  Napi::Array ins = Napi::Array::New(env, info.inputs.size());
  for (size_t i = 0; i < info.inputs.size(); ++i) ins.Set(uint32_t(i), StreamToJs(env, info.inputs[i]));
  Napi::Array outs = Napi::Array::New(env, info.outputs.size());
  for (size_t i = 0; i < info.outputs.size(); ++i) outs.Set(uint32_t(i), StreamToJs(env, info.outputs[i]));
  o.Set("inputs", ins);
  o.Set("outputs", outs);
  o.Set("batchSize", info.batch_size);
  o.Set("asyncQueueSize", info.async_queue_size);
  return o;
}

Napi::Object ReadingToJs(Napi::Env env, const Reading& r) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("available", r.available);
  if (!r.available) o.Set("reason", r.reason);
  for (const auto& [k, v] : r.values) o.Set(k, v);
  return o;
}

struct AddonData {
  Napi::FunctionReference device_ctor;
  Napi::FunctionReference model_ctor;
  Napi::FunctionReference llm_ctor;
  Napi::FunctionReference generation_ctor;
};

AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// ---- Model ----

class ModelWrap;
void ModelCompleted(Napi::Env env, Napi::Function, ModelWrap* self, InferJob* job);
class GenerationWrap;
void GenerationDeliver(Napi::Env env, Napi::Function fn, GenerationWrap* self, GenerationEvent* raw);

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Model",
                       {InstanceMethod<&ModelWrap::Infer>("infer"), InstanceMethod<&ModelWrap::Close>("close"),
                        InstanceAccessor<&ModelWrap::Info>("info"), InstanceAccessor<&ModelWrap::InFlight>("inFlight")});
  }

  ModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelWrap>(info) {
    auto* holder = info[0].As<Napi::External<std::shared_ptr<Model>>>().Data();
    model_ = *holder;
    path_ = info[1].As<Napi::String>().Utf8Value();
    Napi::Env env = info.Env();
    info_ = Napi::Persistent(ModelInfoToJs(env, model_->info()));
    tsfn_ = Tsfn::New(env, "hailort-node inference", 0, 1, this);
    tsfn_.Unref(env);  // only keeps the process alive while inferences are in flight
  }

  ~ModelWrap() override {
    // Finalized without close(): no jobs are in flight (each in-flight job holds a reference).
    if (!closed_) {
      closed_ = true;
      model_->close();
      tsfn_.Release();
    }
  }

 private:
  using Tsfn = Napi::TypedThreadSafeFunction<ModelWrap, InferJob, &ModelCompleted>;
  friend void ModelCompleted(Napi::Env, Napi::Function, ModelWrap*, InferJob*);

  struct Pending {
    std::shared_ptr<InferJob> job;
    Napi::Promise::Deferred deferred;
  };

  Napi::Value Info(const Napi::CallbackInfo&) { return info_.Value(); }
  Napi::Value InFlight(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), double(pending_.size())); }

  std::shared_ptr<InferJob> Acquire() {
    if (!pool_.empty()) {
      auto job = std::move(pool_.back());
      pool_.pop_back();
      return job;
    }
    auto job = std::make_shared<InferJob>();
    const ModelInfo& mi = model_->info();
    for (const auto& s : mi.inputs) job->inputs.emplace_back(s.frame_size);
    for (const auto& s : mi.outputs) job->outputs.emplace_back(s.frame_size);
    return job;
  }

  Napi::Value Infer(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (closed_) return Rejected(env, status_error(kClosed, path_ + ": infer after close()"));
    const ModelInfo& mi = model_->info();
    if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      return Rejected(env, Status::error(kInvalidArgument, path_ + ": infer(input) needs a Uint8Array (or Buffer) holding one uint8 NHWC frame"));
    }
    Napi::Uint8Array input = info[0].As<Napi::Uint8Array>();
    const size_t expected = mi.inputs.at(0).frame_size;
    if (input.ByteLength() != expected) {
      const auto& s = mi.inputs.at(0);
      return Rejected(env, Status::error(kInvalidArgument, path_ + ": input '" + s.name + "' must be " + std::to_string(expected) + " bytes (" +
                                                              std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
                                                              std::to_string(s.features) + " uint8 NHWC), got " +
                                                              std::to_string(input.ByteLength())));
    }
    std::shared_ptr<InferJob> job;
    try {
      job = Acquire();
    } catch (const std::bad_alloc&) {
      return Rejected(env, status_error("HAILO_OUT_OF_HOST_MEMORY", path_ + ": allocating inference buffers"));
    }
    // Copied into addon-owned memory: the caller's buffer may be reused or collected at once.
    std::memcpy(job->inputs[0].data(), input.Data(), expected);
    Tsfn tsfn = tsfn_;
    job->on_complete = [tsfn](InferJob* j) mutable { tsfn.NonBlockingCall(j); };
    auto deferred = Napi::Promise::Deferred::New(env);
    Napi::Promise promise = deferred.Promise();
    if (pending_.empty()) {
      tsfn_.Ref(env);
      Ref();
    }
    InferJob* key = job.get();
    pending_.emplace(key, Pending{job, deferred});
    model_->submit(std::move(job));
    return promise;
  }

  static void Completed(Napi::Env env, Napi::Function, ModelWrap* self, InferJob* job) {
    if (env == nullptr || self == nullptr) return;
    auto it = self->pending_.find(job);
    if (it == self->pending_.end()) return;
    Pending p = std::move(it->second);
    self->pending_.erase(it);
    if (job->result.ok()) {
      const ModelInfo& mi = self->model_->info();
      Napi::Object outputs = Napi::Object::New(env);
      for (size_t i = 0; i < mi.outputs.size(); ++i) {
        const size_t bytes = mi.outputs[i].frame_size;
        Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, bytes);
        std::memcpy(ab.Data(), job->outputs[i].data(), bytes);
        // The array type follows the output's host format type (uint8 for byte-mask NMS).
        const std::string& type = mi.outputs[i].format_type;
        if (type == "uint8") {
          outputs.Set(mi.outputs[i].name, Napi::Uint8Array::New(env, bytes, ab, 0));
        } else if (type == "uint16") {
          outputs.Set(mi.outputs[i].name, Napi::Uint16Array::New(env, bytes / sizeof(uint16_t), ab, 0));
        } else {
          outputs.Set(mi.outputs[i].name, Napi::Float32Array::New(env, bytes / sizeof(float), ab, 0));
        }
      }
      p.deferred.Resolve(outputs);
    } else {
      p.deferred.Reject(MakeError(env, job->result).Value());
    }
    job->device_state.reset();
    if (!self->closed_ && self->pool_.size() < self->model_->info().async_queue_size + 2) self->pool_.push_back(std::move(p.job));
    if (self->pending_.empty()) {
      self->tsfn_.Unref(env);
      self->Unref();
    }
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (closed_) return PromiseWorker::Run(env, [] { return Status::success(); });
    closed_ = true;
    pool_.clear();
    auto model = model_;
    // Ref keeps this wrap (the TSFN context) alive until the TSFN is released below.
    Ref();
    return PromiseWorker::Run(
        env,
        [model] {
          model->close();
          return Status::success();
        },
        [this](Napi::Env e) {
          // Every job has completed (and queued its completion) before close() returned; queued
          // completions are still delivered after Release.
          tsfn_.Release();
          Unref();
          return e.Undefined();
        });
  }

  std::shared_ptr<Model> model_;
  std::string path_;
  Napi::ObjectReference info_;
  Tsfn tsfn_;
  bool closed_ = false;
  std::unordered_map<InferJob*, Pending> pending_;
  std::vector<std::shared_ptr<InferJob>> pool_;
};

// ---- LLM generation ----

class GenerationWrap : public Napi::ObjectWrap<GenerationWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Generation", {InstanceMethod<&GenerationWrap::Abort>("abort")});
  }

  GenerationWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<GenerationWrap>(info) {}

  ~GenerationWrap() override {
    if (generation_) generation_->request_abort();
  }

  // Starts the generation; `on_event(kind, value)` receives ("token", text), ("end", reason) or ("error", Error).
  Status Start(Napi::Env env, Llm& llm, std::vector<std::string> messages, GenerationParams params, uint32_t token_timeout_ms,
               Napi::Function on_event) {
    tsfn_ = Tsfn::New(env, on_event, "hailort-node generation", 0, 1, this);
    Tsfn tsfn = tsfn_;
    auto sink = [tsfn](GenerationEvent e) mutable {
      const bool last = e.kind != GenerationEvent::Kind::Token;
      tsfn.NonBlockingCall(new GenerationEvent(std::move(e)));
      if (last) tsfn.Release();
    };
    Status s = llm.start_generation(std::move(messages), std::move(params), token_timeout_ms, sink, &generation_);
    if (!s.ok()) {
      tsfn_.Release();
      return s;
    }
    Ref();  // until the End/Error event arrives
    return s;
  }

 private:
  using Tsfn = Napi::TypedThreadSafeFunction<GenerationWrap, GenerationEvent, &GenerationDeliver>;
  friend void GenerationDeliver(Napi::Env, Napi::Function, GenerationWrap*, GenerationEvent*);

  static void Deliver(Napi::Env env, Napi::Function fn, GenerationWrap* self, GenerationEvent* raw) {
    std::unique_ptr<GenerationEvent> e(raw);
    if (env == nullptr) return;
    const bool last = e->kind != GenerationEvent::Kind::Token;
    if (last) {
      self->generation_.reset();  // joins the finished generation thread
      self->Unref();
    }
    switch (e->kind) {
      case GenerationEvent::Kind::Token:
        fn.Call({Napi::String::New(env, "token"), Napi::String::New(env, e->token)});
        break;
      case GenerationEvent::Kind::End:
        fn.Call({Napi::String::New(env, "end"), Napi::String::New(env, e->end_reason)});
        break;
      case GenerationEvent::Kind::Error:
        fn.Call({Napi::String::New(env, "error"), MakeError(env, e->error).Value()});
        break;
    }
  }

  Napi::Value Abort(const Napi::CallbackInfo& info) {
    if (generation_) generation_->request_abort();
    return info.Env().Undefined();
  }

  Tsfn tsfn_;
  std::unique_ptr<Generation> generation_;
};

void ModelCompleted(Napi::Env env, Napi::Function fn, ModelWrap* self, InferJob* job) { ModelWrap::Completed(env, fn, self, job); }
void GenerationDeliver(Napi::Env env, Napi::Function fn, GenerationWrap* self, GenerationEvent* raw) {
  GenerationWrap::Deliver(env, fn, self, raw);
}

class LlmWrap : public Napi::ObjectWrap<LlmWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Llm",
                       {InstanceMethod<&LlmWrap::Generate>("generate"), InstanceMethod<&LlmWrap::ClearContext>("clearContext"),
                        InstanceMethod<&LlmWrap::SaveContext>("saveContext"), InstanceMethod<&LlmWrap::LoadContext>("loadContext"),
                        InstanceMethod<&LlmWrap::ContextUsage>("contextUsage"), InstanceMethod<&LlmWrap::Tokenize>("tokenize"),
                        InstanceMethod<&LlmWrap::Stats>("stats"), InstanceMethod<&LlmWrap::Close>("close")});
  }

  LlmWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LlmWrap>(info) {
    llm_ = *info[0].As<Napi::External<std::shared_ptr<Llm>>>().Data();
    path_ = info[1].As<Napi::String>().Utf8Value();
  }

 private:
  // generate(messagesJson: string[], params, tokenTimeoutMs, onEvent) -> Generation (throws on refusal)
  Napi::Value Generate(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsArray() || !info[3].IsFunction()) throw Napi::TypeError::New(env, "generate(messagesJson[], params, tokenTimeoutMs, onEvent)");
    Napi::Array arr = info[0].As<Napi::Array>();
    std::vector<std::string> messages;
    for (uint32_t i = 0; i < arr.Length(); ++i) messages.push_back(arr.Get(i).As<Napi::String>().Utf8Value());
    GenerationParams p;
    if (info[1].IsObject()) {
      Napi::Object o = info[1].As<Napi::Object>();
      if (auto v = OptNumber(o, "temperature")) p.temperature = float(*v);
      if (auto v = OptNumber(o, "topP")) p.top_p = float(*v);
      if (auto v = OptNumber(o, "topK")) p.top_k = uint32_t(*v);
      if (auto v = OptNumber(o, "frequencyPenalty")) p.frequency_penalty = float(*v);
      if (auto v = OptNumber(o, "maxGeneratedTokens")) p.max_generated_tokens = uint32_t(*v);
      if (auto v = OptBool(o, "doSample")) p.do_sample = *v;
      if (auto v = OptNumber(o, "seed")) p.seed = uint32_t(*v);
    }
    const uint32_t timeout = info[2].IsNumber() ? info[2].As<Napi::Number>().Uint32Value() : 10000;
    Napi::Object obj = Data(env)->generation_ctor.New({});
    GenerationWrap* g = GenerationWrap::Unwrap(obj);
    Status s = g->Start(env, *llm_, std::move(messages), std::move(p), timeout, info[3].As<Napi::Function>());
    if (!s.ok()) throw MakeError(env, s);
    return obj;
  }

  Napi::Value ClearContext(const Napi::CallbackInfo& info) {
    auto llm = llm_;
    return PromiseWorker::Run(info.Env(), [llm] { return llm->clear_context(); });
  }

  Napi::Value SaveContext(const Napi::CallbackInfo& info) {
    auto llm = llm_;
    auto bytes = std::make_shared<std::vector<uint8_t>>();
    return PromiseWorker::Run(
        info.Env(), [llm, bytes] { return llm->save_context(bytes.get()); },
        [bytes](Napi::Env env) { return Napi::Buffer<uint8_t>::Copy(env, bytes->data(), bytes->size()); });
  }

  Napi::Value LoadContext(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray()) return Rejected(env, Status::error(kInvalidArgument, path_ + ": loadContext(context) needs the Uint8Array from saveContext()"));
    Napi::Uint8Array a = info[0].As<Napi::Uint8Array>();
    auto bytes = std::make_shared<std::vector<uint8_t>>(a.Data(), a.Data() + a.ByteLength());
    auto llm = llm_;
    return PromiseWorker::Run(env, [llm, bytes] { return llm->load_context(*bytes); });
  }

  Napi::Value ContextUsage(const Napi::CallbackInfo& info) {
    auto llm = llm_;
    auto used = std::make_shared<std::pair<size_t, size_t>>();
    return PromiseWorker::Run(
        info.Env(), [llm, used] { return llm->context_usage(&used->first, &used->second); },
        [used](Napi::Env env) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("used", double(used->first));
          o.Set("capacity", double(used->second));
          return o;
        });
  }

  Napi::Value Tokenize(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsString()) return Rejected(env, Status::error(kInvalidArgument, path_ + ": tokenize(text) needs a string"));
    auto text = std::make_shared<std::string>(info[0].As<Napi::String>().Utf8Value());
    auto ids = std::make_shared<std::vector<int>>();
    auto llm = llm_;
    return PromiseWorker::Run(
        env, [llm, text, ids] { return llm->tokenize(*text, ids.get()); },
        [ids](Napi::Env e) {
          Napi::Int32Array a = Napi::Int32Array::New(e, ids->size());
          std::memcpy(a.Data(), ids->data(), ids->size() * sizeof(int));
          return a;
        });
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    LlmStats s = llm_->stats();
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("generations", double(s.generations));
    o.Set("aborted", double(s.aborted));
    o.Set("tokens", double(s.tokens));
    o.Set("abortRequests", double(s.abort_requests));
    return o;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    auto llm = llm_;
    return PromiseWorker::Run(info.Env(), [llm] {
      llm->close();
      return Status::success();
    });
  }

  std::shared_ptr<Llm> llm_;
  std::string path_;
};

// ---- Device ----

class DeviceWrap : public Napi::ObjectWrap<DeviceWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Device",
                       {InstanceMethod<&DeviceWrap::Identity>("identity"), InstanceMethod<&DeviceWrap::Temperature>("temperature"),
                        InstanceMethod<&DeviceWrap::Stats>("stats"), InstanceMethod<&DeviceWrap::LoadModel>("loadModel"),
                        InstanceMethod<&DeviceWrap::LoadLlm>("loadLlm"), InstanceMethod<&DeviceWrap::Close>("close")});
  }

  DeviceWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DeviceWrap>(info) {
    device_ = *info[0].As<Napi::External<std::shared_ptr<Device>>>().Data();
  }

 private:
  Napi::Value Identity(const Napi::CallbackInfo& info) {
    auto device = device_;
    auto id = std::make_shared<DeviceIdentity>();
    return PromiseWorker::Run(
        info.Env(), [device, id] { return device->identity(id.get()); },
        [id](Napi::Env env) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("kind", id->kind);
          o.Set("groupId", id->group_id);
          o.Set("serial", id->serial);
          o.Set("architecture", id->architecture);
          o.Set("firmwareVersion", id->firmware_version);
          o.Set("boardName", id->board_name);
          o.Set("productName", id->product_name);
          o.Set("libraryVersion", id->library_version);
          return o;
        });
  }

  Napi::Value Temperature(const Napi::CallbackInfo& info) {
    auto device = device_;
    auto r = std::make_shared<Reading>();
    return PromiseWorker::Run(
        info.Env(),
        [device, r] {
          *r = device->temperature();
          return Status::success();
        },
        [r](Napi::Env env) { return ReadingToJs(env, *r); });
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    auto device = device_;
    auto r = std::make_shared<DeviceStats>();
    return PromiseWorker::Run(
        info.Env(),
        [device, r] {
          *r = device->stats();
          return Status::success();
        },
        [r](Napi::Env env) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("health", ReadingToJs(env, r->health));
          o.Set("performance", ReadingToJs(env, r->performance));
          o.Set("power", ReadingToJs(env, r->power));
          return o;
        });
  }

  // loadModel(path, options, simSpec?)
  Napi::Value LoadModel(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto request = std::make_shared<ModelRequest>();
    request->path = info[0].As<Napi::String>().Utf8Value();
    if (info[1].IsObject()) request->options = ReadModelOptions(info[1].As<Napi::Object>());
    if (info[2].IsObject()) request->sim = ReadSimModelSpec(info[2].As<Napi::Object>());
    auto device = device_;
    auto model = std::make_shared<std::shared_ptr<Model>>();
    return PromiseWorker::Run(
        env, [device, request, model] { return device->load_model(*request, model.get()); },
        [model, request](Napi::Env e) {
          auto holder = Napi::External<std::shared_ptr<Model>>::New(e, model.get());
          return Data(e)->model_ctor.New({holder, Napi::String::New(e, request->path)});
        });
  }

  // loadLlm(path, options, simSpec?)
  Napi::Value LoadLlm(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto request = std::make_shared<LlmRequest>();
    request->path = info[0].As<Napi::String>().Utf8Value();
    if (info[1].IsObject()) {
      Napi::Object o = info[1].As<Napi::Object>();
      request->lora_name = OptString(o, "loraName", "");
      request->optimize_memory_on_device = OptBool(o, "optimizeMemoryOnDevice").value_or(false);
    }
    if (info[2].IsObject()) request->sim = ReadSimLlmSpec(info[2].As<Napi::Object>());
    auto device = device_;
    auto llm = std::make_shared<std::shared_ptr<Llm>>();
    return PromiseWorker::Run(
        env, [device, request, llm] { return device->load_llm(*request, llm.get()); },
        [llm, request](Napi::Env e) {
          auto holder = Napi::External<std::shared_ptr<Llm>>::New(e, llm.get());
          return Data(e)->llm_ctor.New({holder, Napi::String::New(e, request->path)});
        });
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    auto device = device_;
    return PromiseWorker::Run(info.Env(), [device] {
      device->close();
      return Status::success();
    });
  }

  std::shared_ptr<Device> device_;
};

// openDevice(kind: "hailort" | "sim", groupId) -> Promise<Device>
Napi::Value OpenDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string kind = info[0].As<Napi::String>().Utf8Value();
  const std::string group = info[1].As<Napi::String>().Utf8Value();
  auto device = std::make_shared<std::shared_ptr<Device>>();
  auto result = [device](Napi::Env e) {
    auto holder = Napi::External<std::shared_ptr<Device>>::New(e, device.get());
    return Data(e)->device_ctor.New({holder});
  };
  if (kind == "sim") {
    return PromiseWorker::Run(env, [device, group] { return open_sim_device(group, device.get()); }, result);
  }
#ifdef HAILORT_NODE_WITH_HAILORT
  if (kind == "hailort") {
    return PromiseWorker::Run(env, [device, group] { return open_hailort_device(group, device.get()); }, result);
  }
#endif
  return Rejected(env, Status::error(kUnavailable, "device kind '" + kind + "' is not available in this build"));
}

// average2x2Packed3(src, srcStep, outWidth, outHeight, dst, dstOffset, dstStep, swapRB): the 2:1
// downscale of packed 3-byte pixels, synchronous (a fraction of a millisecond per frame).
Napi::Value Average2x2Packed3(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&env](const std::string& message) {
    Napi::RangeError::New(env, "average2x2Packed3: " + message).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  if (info.Length() < 8 || !info[0].IsTypedArray() || !info[4].IsTypedArray()) {
    return fail("expected (src: Uint8Array, srcStep, outWidth, outHeight, dst: Uint8Array, dstOffset, dstStep, swapRB)");
  }
  auto src = info[0].As<Napi::Uint8Array>();
  auto dst = info[4].As<Napi::Uint8Array>();
  const double src_step = info[1].ToNumber().DoubleValue();
  const double out_width = info[2].ToNumber().DoubleValue();
  const double out_height = info[3].ToNumber().DoubleValue();
  const double dst_offset = info[5].ToNumber().DoubleValue();
  const double dst_step = info[6].ToNumber().DoubleValue();
  const bool swap_rb = info[7].ToBoolean().Value();
  for (double v : {src_step, out_width, out_height, dst_offset, dst_step}) {
    if (!(v >= 0) || v != double(uint64_t(v)) || v > 1e12) return fail("sizes and offsets must be non-negative integers");
  }
  if (out_width == 0 || out_height == 0) return env.Undefined();
  if (src_step < out_width * 6) return fail("srcStep is smaller than two output widths of 3-byte pixels");
  if (dst_step < out_width * 3) return fail("dstStep is smaller than the output width of 3-byte pixels");
  const double src_needed = (2 * out_height - 1) * src_step + out_width * 6;
  if (src_needed > double(src.ByteLength())) return fail("src is too small for the requested output");
  const double dst_needed = dst_offset + (out_height - 1) * dst_step + out_width * 3;
  if (dst_needed > double(dst.ByteLength())) return fail("dst is too small for the requested output");
  average_2x2_packed3(src.Data(), size_t(src_step), uint32_t(out_width), uint32_t(out_height), dst.Data() + size_t(dst_offset),
                      size_t(dst_step), swap_rb);
  return env.Undefined();
}

// sampleOddPacked3(src, srcStep, k, outWidth, outHeight, dst, dstOffset, dstStep, swapRB): the odd
// integer-ratio (k = 3, 5, …) point sampling of packed 3-byte pixels, synchronous.
Napi::Value SampleOddPacked3(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&env](const std::string& message) {
    Napi::RangeError::New(env, "sampleOddPacked3: " + message).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  if (info.Length() < 9 || !info[0].IsTypedArray() || !info[5].IsTypedArray()) {
    return fail("expected (src: Uint8Array, srcStep, k, outWidth, outHeight, dst: Uint8Array, dstOffset, dstStep, swapRB)");
  }
  auto src = info[0].As<Napi::Uint8Array>();
  auto dst = info[5].As<Napi::Uint8Array>();
  const double src_step = info[1].ToNumber().DoubleValue();
  const double k = info[2].ToNumber().DoubleValue();
  const double out_width = info[3].ToNumber().DoubleValue();
  const double out_height = info[4].ToNumber().DoubleValue();
  const double dst_offset = info[6].ToNumber().DoubleValue();
  const double dst_step = info[7].ToNumber().DoubleValue();
  const bool swap_rb = info[8].ToBoolean().Value();
  for (double v : {src_step, k, out_width, out_height, dst_offset, dst_step}) {
    if (!(v >= 0) || v != double(uint64_t(v)) || v > 1e12) return fail("sizes and offsets must be non-negative integers");
  }
  if (k < 1 || uint64_t(k) % 2 == 0 || k > 1e6) return fail("k must be an odd ratio (1, 3, 5, …)");
  if (out_width == 0 || out_height == 0) return env.Undefined();
  if (src_step < k * out_width * 3) return fail("srcStep is smaller than k output widths of 3-byte pixels");
  if (dst_step < out_width * 3) return fail("dstStep is smaller than the output width of 3-byte pixels");
  const double src_needed = (k * out_height - 1) * src_step + k * out_width * 3;
  if (src_needed > double(src.ByteLength())) return fail("src is too small for the requested output");
  const double dst_needed = dst_offset + (out_height - 1) * dst_step + out_width * 3;
  if (dst_needed > double(dst.ByteLength())) return fail("dst is too small for the requested output");
  sample_odd_packed3(src.Data(), size_t(src_step), uint32_t(k), uint32_t(out_width), uint32_t(out_height), dst.Data() + size_t(dst_offset),
                     size_t(dst_step), swap_rb);
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->device_ctor = Napi::Persistent(DeviceWrap::Define(env));
  data->model_ctor = Napi::Persistent(ModelWrap::Define(env));
  data->llm_ctor = Napi::Persistent(LlmWrap::Define(env));
  data->generation_ctor = Napi::Persistent(GenerationWrap::Define(env));
  env.SetInstanceData<AddonData>(data);
  exports.Set("openDevice", Napi::Function::New(env, OpenDevice));
#ifdef HAILORT_NODE_WITH_HAILORT
  exports.Set("builtWithHailort", Napi::Boolean::New(env, true));
  exports.Set("hailortLibraryVersion", Napi::String::New(env, hailort_library_version()));
#else
  exports.Set("builtWithHailort", Napi::Boolean::New(env, false));
#endif
  exports.Set("pageSize", Napi::Number::New(env, double(PageBuffer::page_size())));
  exports.Set("average2x2Packed3", Napi::Function::New(env, Average2x2Packed3));
  exports.Set("sampleOddPacked3", Napi::Function::New(env, SampleOddPacked3));
  return exports;
}

}  // namespace

}  // namespace hailort_node

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return hailort_node::Init(env, exports); }

NODE_API_MODULE(NODE_GYP_MODULE_NAME, InitAddon)
