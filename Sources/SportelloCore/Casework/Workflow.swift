/// Who may fire a transition.
public enum WorkflowActor: String, Sendable, Codable, CaseIterable {
    /// An operator of an office that owns the procedure (or an admin).
    case `operator`
    /// The citizen who owns the filing.
    case citizen
}

/// What a transition does besides moving the filing, in the same act.
public enum WorkflowEffect: String, Sendable, Codable, CaseIterable {
    /// The operator firing it becomes the one in charge.
    case assignToActor
    /// The letter is registered as an outgoing protocol entry (to the citizen).
    case registerOutgoing
    /// What the citizen sent is registered as an incoming protocol entry.
    case registerIncoming
    /// The citizen gets a message in the personal area and by email.
    case notifyCitizen
    /// The outcome is the final decision of the procedure (a document, the end of the legal time).
    case finalDecision
}

/// One allowed move of a filing, fired by name ("take", "requestSupplement", …).
public struct WorkflowTransition: Equatable, Sendable, Codable {
    public var action: String
    public var from: [FilingStatus]
    public var to: FilingStatus
    public var actor: WorkflowActor
    /// The text is compulsory (a reason for a refusal, what is missing for a supplement request).
    public var requiresText: Bool
    /// A deadline for the citizen is compulsory (supplement requests).
    public var requiresDeadline: Bool
    public var effects: [WorkflowEffect]

    public init(
        action: String, from: [FilingStatus], to: FilingStatus, actor: WorkflowActor = .operator, requiresText: Bool = false,
        requiresDeadline: Bool = false, effects: [WorkflowEffect] = []
    ) {
        self.action = action
        self.from = from
        self.to = to
        self.actor = actor
        self.requiresText = requiresText
        self.requiresDeadline = requiresDeadline
        self.effects = effects
    }

    public func has(_ effect: WorkflowEffect) -> Bool { effects.contains(effect) }
}

/// The workflow of a procedure: the transitions its filings may take after submission. It is data (a designer
/// can write one per procedure); every move is checked against it on the server.
public struct Workflow: Equatable, Sendable, Codable {
    public var transitions: [WorkflowTransition]

    public init(transitions: [WorkflowTransition]) {
        self.transitions = transitions
    }

    /// The transitions `actor` may fire from `status`, in the order they are written.
    public func available(from status: FilingStatus, for actor: WorkflowActor) -> [WorkflowTransition] {
        transitions.filter { $0.actor == actor && $0.from.contains(status) }
    }

    /// The transition `action` from `status` by `actor`, or why it is refused.
    public func transition(
        _ action: String, from status: FilingStatus, by actor: WorkflowActor
    ) throws(WorkflowRefusal)
        -> WorkflowTransition
    {
        let named = transitions.filter { $0.action == action }
        guard !named.isEmpty else { throw .unknownAction }
        guard let match = named.first(where: { $0.from.contains(status) }) else { throw .notAllowedFrom(status) }
        guard match.actor == actor else { throw .wrongActor }
        return match
    }

    /// Checks the workflow itself: known actions once per state, no transition from a state nobody reaches.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for transition in transitions {
            for state in transition.from {
                let key = "\(transition.action)@\(state.rawValue)"
                if !seen.insert(key).inserted { problems.append("action \(transition.action) twice from \(state.rawValue)") }
                if !state.isRegistered { problems.append("action \(transition.action) starts before submission") }
            }
            if transition.from.isEmpty { problems.append("action \(transition.action) has no starting state") }
        }
        return problems
    }

    /// The workflow of every archetype unless a procedure brings its own: take in charge, ask for documents (and get
    /// them), accept or reject with a reason, the citizen may withdraw before the decision, the office closes.
    public static func standard(for archetype: Archetype) -> Workflow {
        let open: [FilingStatus] = [.submitted, .inProgress, .supplementRequested, .supplementReceived]
        return Workflow(transitions: [
            WorkflowTransition(
                action: "take", from: [.submitted, .supplementReceived], to: .inProgress, effects: [.assignToActor]),
            WorkflowTransition(
                action: "requestSupplement", from: [.inProgress], to: .supplementRequested, requiresText: true,
                requiresDeadline: true, effects: [.registerOutgoing, .notifyCitizen]),
            WorkflowTransition(
                action: "answerSupplement", from: [.supplementRequested], to: .supplementReceived, actor: .citizen,
                requiresText: true, effects: [.registerIncoming]),
            WorkflowTransition(
                action: "accept", from: [.inProgress], to: .accepted,
                effects: [.registerOutgoing, .notifyCitizen, .finalDecision]),
            WorkflowTransition(
                action: "reject", from: [.inProgress], to: .rejected, requiresText: true,
                effects: [.registerOutgoing, .notifyCitizen, .finalDecision]),
            WorkflowTransition(action: "withdraw", from: open, to: .withdrawn, actor: .citizen, effects: [.registerIncoming]),
            WorkflowTransition(action: "close", from: [.accepted, .rejected, .withdrawn], to: .closed),
        ])
    }
}

/// Why a move was refused.
public enum WorkflowRefusal: LocalizedDomainError, Equatable {
    case unknownAction
    case notAllowedFrom(FilingStatus)
    case wrongActor
    case textRequired
    case deadlineRequired
    case deadlineInThePast
    /// Another operator changed the filing first; the page is stale.
    case changedMeanwhile

    public var messageKey: String {
        switch self {
        case .unknownAction: "error.workflow.unknownAction"
        case .notAllowedFrom: "error.workflow.notAllowed"
        case .wrongActor: "error.workflow.wrongActor"
        case .textRequired: "error.workflow.textRequired"
        case .deadlineRequired: "error.workflow.deadlineRequired"
        case .deadlineInThePast: "error.workflow.deadlineInThePast"
        case .changedMeanwhile: "error.workflow.changedMeanwhile"
        }
    }
}
